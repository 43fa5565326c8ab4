namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Cyclical KL annealing (Fu et al. 2019, eq. 6): <paramref name="TotalSteps"/> T are split into
/// <paramref name="Cycles"/> M cycles of length T/M; within a cycle the weight rises linearly from
/// 0 to 1 over the first fraction <paramref name="Ratio"/> R and stays at 1 for the rest:
/// tau = mod(t, T/M) / (T/M), weight = tau / R for tau ≤ R, else 1. Settings "total_steps", "cycles" (4), "ratio" (0.5).
/// </summary>
public sealed record CyclicalKl(long TotalSteps, int Cycles = 4, double Ratio = 0.5) : IKlSchedule
{
    public double Weight(long step)
    {
        if (TotalSteps <= 0 || Cycles <= 0 || Ratio <= 0) return 1.0;
        var period = (double)TotalSteps / Cycles;
        var tau = step % period / period;
        return Math.Min(1.0, tau / Ratio);
    }
}
