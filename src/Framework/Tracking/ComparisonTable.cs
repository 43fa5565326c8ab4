namespace Research.Framework.Tracking;

/// <summary>One run's row of a <see cref="ComparisonTable"/>: missing params and metrics are absent from the maps.</summary>
public sealed record ComparisonRow(
    string RunId,
    string RunName,
    RunStatus Status,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Runs side by side: the params that vary across them and their final metrics, rows in the
/// requested order. Render with <see cref="ComparisonTableFormat"/>.
/// </summary>
public sealed record ComparisonTable(
    IReadOnlyList<string> ParamKeys,
    IReadOnlyList<string> MetricKeys,
    IReadOnlyList<ComparisonRow> Rows);
