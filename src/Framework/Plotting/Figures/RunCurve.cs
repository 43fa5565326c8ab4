namespace Research.Framework.Plotting.Figures;

/// <summary>The learning curve of one sweep point, named by what distinguishes it (e.g. "iwae k=5").</summary>
public sealed record RunCurve(string Label, IReadOnlyList<EpochMetrics> Epochs);
