namespace Research.Framework.Plotting.Figures;

/// <summary>
/// One final metric (<see cref="Metric"/>: "test log-likelihood", "KL", "active units", ...) of the sweep
/// point trained with KL weight <see cref="Beta"/>; <see cref="Group"/> separates lines within a metric's
/// panel (e.g. the objective). Several records at the same beta, metric and group (seeds) are averaged.
/// </summary>
public sealed record BetaMetric(double Beta, string Metric, double Value, string Group = "");
