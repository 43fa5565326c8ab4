namespace Research.Framework.Plotting;

/// <summary>
/// An axis range with its tick marks: <see cref="Values"/> all lie in [<see cref="Min"/>, <see cref="Max"/>]
/// and each has a label. <see cref="Minor"/> holds unlabelled ticks (log axes: 2..9 times a decade).
/// </summary>
public sealed record TickSet(double Min, double Max, IReadOnlyList<double> Values, IReadOnlyList<string> Labels,
    IReadOnlyList<double> Minor);
