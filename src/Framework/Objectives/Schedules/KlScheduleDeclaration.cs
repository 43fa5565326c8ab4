using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>A KL schedule a spec can name (<c>objective.kl_schedule</c>): what builds it from its options.</summary>
public interface IKlScheduleDeclaration
{
    /// <summary>The schedule of the optimizer step that <paramref name="spec"/> (resolved) describes.</summary>
    IKlSchedule Create(ComponentSpec spec, TrainingShape shape);
}

/// <summary>A KL schedule with options <typeparamref name="TOptions"/>, built from them and the training's length.</summary>
public sealed record KlScheduleDeclaration<TOptions>(string Name, string Doc, Func<TOptions, TrainingShape, IKlSchedule> Factory)
    : ComponentDeclaration<TOptions>(ComponentKind.KlSchedule, Name, Doc), IKlScheduleDeclaration
    where TOptions : notnull
{
    public IKlSchedule Create(ComponentSpec spec, TrainingShape shape) => Factory(Options(spec), shape);
}
