using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>A learning-rate schedule a spec can name (<c>train.lr_schedule</c>): what builds it from its options.</summary>
public interface ILrScheduleDeclaration
{
    /// <summary>The schedule of the optimizer step that <paramref name="spec"/> (resolved) describes, starting from the optimizer's <paramref name="lr"/>.</summary>
    ILearningRateSchedule Create(ComponentSpec spec, TrainingShape shape, double lr);
}

/// <summary>A learning-rate schedule with options <typeparamref name="TOptions"/>, built from them, the training's length and the optimizer's rate.</summary>
public sealed record LrScheduleDeclaration<TOptions>(string Name, string Doc, Func<TOptions, TrainingShape, double, ILearningRateSchedule> Factory)
    : ComponentDeclaration<TOptions>(ComponentKind.LrSchedule, Name, Doc), ILrScheduleDeclaration
    where TOptions : notnull
{
    public ILearningRateSchedule Create(ComponentSpec spec, TrainingShape shape, double lr) => Factory(Options(spec), shape, lr);
}
