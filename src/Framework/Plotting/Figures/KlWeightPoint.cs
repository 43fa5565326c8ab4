namespace Research.Framework.Plotting.Figures;

/// <summary>The weight of the KL term (beta times the annealing schedule) at one optimizer step.</summary>
public sealed record KlWeightPoint(long Step, double Weight);
