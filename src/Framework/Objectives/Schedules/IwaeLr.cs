using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// The IWAE paper's schedule (Burda et al. 2016, section 5): stage i = 0..Stages-1 lasts 3^i passes
/// over the data at learning rate Lr * 10^(-i/7) (0.001 * 10^(-i/7) for 3280 passes in the paper);
/// after the last stage the rate stays at its value. A pass is <paramref name="StepsPerPass"/>
/// steps (1 when the step counts epochs).
/// </summary>
public sealed record IwaeLr(double Lr = 1e-3, int Stages = 8, long StepsPerPass = 1) : ILearningRateSchedule
{
    /// <summary>A pass is an epoch of the spec's training.</summary>
    public static LrScheduleDeclaration<IwaeLrOptions> Declaration { get; } =
        new("iwae_3i", "IWAE paper: stage i lasts 3^i epochs at lr 1e-3 * 10^(-i/7) (Burda et al. 2016)",
            (o, shape, lr) => new IwaeLr(lr, o.Stages, shape.StepsPerEpoch));

    /// <summary>The total number of passes, Σ_i 3^i = (3^Stages - 1) / 2 (3280 for 8 stages).</summary>
    public long TotalPasses => ((long)Math.Pow(3, Stages) - 1) / 2;

    public double LearningRate(long step) => Lr * Math.Pow(10.0, -Stage(step) / 7.0);

    /// <summary>The stage i of a step: the first i with pass &lt; Σ_{j ≤ i} 3^j, capped at Stages - 1.</summary>
    public int Stage(long step)
    {
        var pass = step / Math.Max(1, StepsPerPass);
        long end = 0, length = 1;
        for (var i = 0; i < Stages; i++)
        {
            end += length;
            if (pass < end) return i;
            length *= 3;
        }
        return Stages - 1;
    }
}

/// <summary>The options of the <c>iwae_3i</c> learning-rate schedule.</summary>
public sealed record IwaeLrOptions([Option("number of stages (8 gives 3280 epochs)", Min = 1)] int Stages = 8);
