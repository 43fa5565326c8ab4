using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>The declared learning-rate schedules, by spec name.</summary>
public static class LrSchedules
{
    public static ILrScheduleDeclaration Find(string name) =>
        ComponentDeclarations.Find<ComponentDeclaration>(ComponentKind.LrSchedule, name) as ILrScheduleDeclaration
        ?? throw new InvalidOperationException($"The learning-rate schedule '{name}' is declared without a factory (declare it as an LrScheduleDeclaration).");

    /// <summary>The schedule a resolved <c>train.lr_schedule</c> names, over <paramref name="shape"/>, from the optimizer's <paramref name="lr"/>.</summary>
    public static ILearningRateSchedule Create(ComponentSpec spec, TrainingShape shape, double lr) => Find(spec.Name).Create(spec, shape, lr);
}
