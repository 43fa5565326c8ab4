using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>The declared KL schedules, by spec name.</summary>
public static class KlSchedules
{
    public static IKlScheduleDeclaration Find(string name) =>
        ComponentDeclarations.Find<ComponentDeclaration>(ComponentKind.KlSchedule, name) as IKlScheduleDeclaration
        ?? throw new InvalidOperationException($"The KL schedule '{name}' is declared without a factory (declare it as a KlScheduleDeclaration).");

    /// <summary>The schedule a resolved <c>objective.kl_schedule</c> names, over <paramref name="shape"/>.</summary>
    public static IKlSchedule Create(ComponentSpec spec, TrainingShape shape) => Find(spec.Name).Create(spec, shape);
}
