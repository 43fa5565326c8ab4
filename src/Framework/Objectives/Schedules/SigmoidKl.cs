using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Logistic KL annealing (Bowman et al. 2016, section 3.1): weight = 1 / (1 + exp(-Steepness (step - Midpoint))).
/// </summary>
public sealed record SigmoidKl(double Midpoint, double Steepness) : IKlSchedule
{
    public static KlScheduleDeclaration<SigmoidKlOptions> Declaration { get; } =
        new("sigmoid", "Logistic warm-up 1 / (1 + exp(-steepness (step - midpoint)))", (o, _) => new SigmoidKl(o.Midpoint, o.Steepness));

    public double Weight(long step) => 1.0 / (1.0 + Math.Exp(-Steepness * (step - Midpoint)));
}

/// <summary>The options of the <c>sigmoid</c> KL schedule.</summary>
public sealed record SigmoidKlOptions(
    [Option("step at which the weight is 0.5", Min = 0)] double Midpoint = 1000.0,
    [Option("slope of the logistic", Min = 0, MinOpen = true)] double Steepness = 0.005);
