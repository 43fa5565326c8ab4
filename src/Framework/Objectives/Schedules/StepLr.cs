using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>Step decay: lr * gamma^floor(step / every).</summary>
public sealed record StepLr(double Lr, long Every, double Gamma = 0.1) : ILearningRateSchedule
{
    /// <summary>The spec counts <c>every</c> in epochs; the schedule in steps.</summary>
    public static LrScheduleDeclaration<StepLrOptions> Declaration { get; } =
        new("step", "Multiply the rate by gamma every N epochs", (o, shape, lr) => new StepLr(lr, (long)o.Every * shape.StepsPerEpoch, o.Gamma));

    public double LearningRate(long step) => Every <= 0 ? Lr : Lr * Math.Pow(Gamma, step / Every);
}

/// <summary>The options of the <c>step</c> learning-rate schedule.</summary>
public sealed record StepLrOptions(
    [Option("epochs between decays", Min = 1)] int Every = 10,
    [Option("decay factor", Min = 0, Max = 1, MinOpen = true)] double Gamma = 0.1);
