namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Logistic KL annealing (Bowman et al. 2016, section 3.1): weight = 1 / (1 + exp(-Steepness (step - Midpoint))).
/// Settings "midpoint" and "steepness".
/// </summary>
public sealed record SigmoidKl(double Midpoint, double Steepness) : IKlSchedule
{
    public double Weight(long step) => 1.0 / (1.0 + Math.Exp(-Steepness * (step - Midpoint)));
}
