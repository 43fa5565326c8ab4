using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>A constant learning rate.</summary>
public sealed record ConstantLr(double Lr) : ILearningRateSchedule
{
    public static LrScheduleDeclaration<NoOptions> Declaration { get; } =
        new("constant", "The optimizer's learning rate throughout", (_, _, lr) => new ConstantLr(lr));

    public double LearningRate(long step) => Lr;
}
