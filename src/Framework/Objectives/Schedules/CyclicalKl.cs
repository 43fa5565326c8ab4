using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Cyclical KL annealing (Fu et al. 2019, eq. 6): <paramref name="TotalSteps"/> T are split into
/// <paramref name="Cycles"/> M cycles of length T/M; within a cycle the weight rises linearly from
/// 0 to 1 over the first fraction <paramref name="Ratio"/> R and stays at 1 for the rest:
/// tau = mod(t, T/M) / (T/M), weight = tau / R for tau ≤ R, else 1.
/// </summary>
public sealed record CyclicalKl(long TotalSteps, int Cycles = 4, double Ratio = 0.5) : IKlSchedule
{
    /// <summary>The cycles span the whole training.</summary>
    public static KlScheduleDeclaration<CyclicalKlOptions> Declaration { get; } =
        new("cyclical", "Cyclical annealing, M cycles with ratio R (Fu et al. 2019)", (o, shape) => new CyclicalKl(shape.TotalSteps, o.Cycles, o.Ratio));

    public double Weight(long step)
    {
        if (TotalSteps <= 0 || Cycles <= 0 || Ratio <= 0) return 1.0;
        var period = (double)TotalSteps / Cycles;
        var tau = step % period / period;
        return Math.Min(1.0, tau / Ratio);
    }
}

/// <summary>The options of the <c>cyclical</c> KL schedule.</summary>
public sealed record CyclicalKlOptions(
    [Option("number of cycles M over training", Min = 1)] int Cycles = 4,
    [Option("fraction R of each cycle spent increasing", Min = 0, Max = 1, MinOpen = true)] double Ratio = 0.5);
