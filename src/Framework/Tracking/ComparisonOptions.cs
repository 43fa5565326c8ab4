namespace Research.Framework.Tracking;

/// <summary>
/// How <see cref="RunComparison.Build"/> builds its table.
/// </summary>
/// <param name="SortMetric">Sort by this metric's final value (runs without it, or NaN, go last); null: newest run first.</param>
/// <param name="Descending">Largest first (for bounds and accuracies); default smallest first (for losses).</param>
/// <param name="Metrics">The metric columns, in order; null: every metric of any run, by name.</param>
/// <param name="IncludeParents">Keep runs that are parents of other runs in the list (a sweep's parent); default off.</param>
public sealed record ComparisonOptions(
    string? SortMetric = null,
    bool Descending = false,
    IReadOnlyList<string>? Metrics = null,
    bool IncludeParents = false);
