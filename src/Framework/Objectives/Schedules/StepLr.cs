namespace Research.Framework.Objectives.Schedules;

/// <summary>Step decay: lr * gamma^floor(step / every). Settings "lr", "every", "gamma" (0.1).</summary>
public sealed record StepLr(double Lr, long Every, double Gamma = 0.1) : ILearningRateSchedule
{
    public double LearningRate(long step) => Every <= 0 ? Lr : Lr * Math.Pow(Gamma, step / Every);
}
