namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Cosine annealing without restarts (Loshchilov and Hutter 2017, eq. 5):
/// lr_min + (lr - lr_min) (1 + cos(pi min(step, T) / T)) / 2. Settings "lr", "total_steps", "min_lr" (0).
/// </summary>
public sealed record CosineLr(double Lr, long TotalSteps, double MinLr = 0.0) : ILearningRateSchedule
{
    public double LearningRate(long step)
    {
        if (TotalSteps <= 0) return Lr;
        var t = Math.Min(step, TotalSteps);
        return MinLr + 0.5 * (Lr - MinLr) * (1.0 + Math.Cos(Math.PI * t / TotalSteps));
    }
}
