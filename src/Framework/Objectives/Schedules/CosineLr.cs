using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Cosine annealing without restarts (Loshchilov and Hutter 2017, eq. 5):
/// lr_min + (lr - lr_min) (1 + cos(pi min(step, T) / T)) / 2.
/// </summary>
public sealed record CosineLr(double Lr, long TotalSteps, double MinLr = 0.0) : ILearningRateSchedule
{
    /// <summary>T is the whole training.</summary>
    public static LrScheduleDeclaration<CosineLrOptions> Declaration { get; } =
        new("cosine", "Cosine decay to min_lr over training (Loshchilov & Hutter 2017)", (o, shape, lr) => new CosineLr(lr, shape.TotalSteps, o.MinLr));

    public double LearningRate(long step)
    {
        if (TotalSteps <= 0) return Lr;
        var t = Math.Min(step, TotalSteps);
        return MinLr + 0.5 * (Lr - MinLr) * (1.0 + Math.Cos(Math.PI * t / TotalSteps));
    }
}

/// <summary>The options of the <c>cosine</c> learning-rate schedule.</summary>
public sealed record CosineLrOptions([Option("final learning rate", Min = 0)] double MinLr = 0.0);
