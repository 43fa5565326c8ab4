namespace Research.Framework.Plotting.Figures;

/// <summary>The final test log-likelihood of one sweep point trained with KL schedule <see cref="Schedule"/>
/// ("constant", "linear", "cyclical(M=4,R=0.5)", ...); several records per schedule are seeds.</summary>
public sealed record ScheduleResult(string Schedule, double LogLikelihood);
