using System.Globalization;
using System.Text;
using Research.Experiments.Runner;
using Research.Framework.Evaluation;
using Research.Framework.Tracking;

namespace Research.Experiments.Artifacts;

/// <summary>
/// The table of a sweep, one row per point in point order: index, run id, status, the swept keys'
/// values, the final metrics (the disentanglement metrics too when a point has them) and the failure reason. As CSV (RFC 4180, full precision, for
/// pandas) and as Markdown (rounded, for reading in the MLflow UI).
/// </summary>
public static class SweepSummary
{
    /// <summary>The metric columns, named as the runs' MLflow metrics.</summary>
    public static IReadOnlyList<string> MetricColumns { get; } = ["test_loglik", "test_elbo", "test_kl", "active_units", "train_loss"];

    /// <summary><see cref="MetricColumns"/>, then <see cref="DisentanglementResult.Names"/> when any point has disentanglement metrics.</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<PointResult> results) =>
        HasDisentanglement(results) ? [.. MetricColumns, .. DisentanglementResult.Names] : MetricColumns;

    private static bool HasDisentanglement(IReadOnlyList<PointResult> results) => results.Any(r => FinalMetrics.Of(r).Disentanglement is not null);

    public static string Csv(IReadOnlyList<PointResult> results)
    {
        var keys = SweptKeys.All(results);
        var text = new StringBuilder();
        var disentangled = HasDisentanglement(results);
        Line(text, ["index", "run_id", "status", .. keys, .. Columns(results), "failure_reason"]);
        foreach (var r in Ordered(results))
            Line(text, [.. Identity(r), .. keys.Select(k => SweptKeys.Value(r.Point, k)), .. Metrics(FinalMetrics.Of(r), "R", disentangled), r.FailureReason ?? ""]);
        return text.ToString();

        static void Line(StringBuilder text, IEnumerable<string> cells) => text.Append(string.Join(",", cells.Select(CsvCell))).Append('\n');
    }

    /// <param name="figures">Paths of the figures rendered beside the summary, linked under the table.</param>
    public static string Markdown(IReadOnlyList<PointResult> results, IReadOnlyList<string> figures)
    {
        var keys = SweptKeys.All(results);
        var ordered = Ordered(results);
        var text = new StringBuilder("# Sweep summary\n\n");
        var statuses = ordered.GroupBy(r => r.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToMlflowName().ToLowerInvariant()}");
        text.Append(CultureInfo.InvariantCulture, $"{ordered.Count} point{(ordered.Count == 1 ? "" : "s")}")
            .Append(ordered.Count > 0 ? $": {string.Join(", ", statuses)}.\n" : ".\n");
        var best = ordered.Where(r => r.Status == RunStatus.Finished && double.IsFinite(FinalMetrics.Of(r).TestLogLikelihood))
            .OrderByDescending(r => FinalMetrics.Of(r).TestLogLikelihood).ThenBy(r => r.Point.Index).FirstOrDefault();
        if (best is not null)
        {
            var label = SweptKeys.Label(best.Point, keys);
            text.Append(CultureInfo.InvariantCulture,
                $"Best test log-likelihood: {FinalMetrics.Of(best).TestLogLikelihood:F2} nats, point {best.Point.Index}{(label.Length > 0 ? $" ({label})" : "")}.\n");
        }
        if (ordered.Any(r => r.Status != RunStatus.Finished))
            text.Append("The metrics of a point that did not finish are its last values before it stopped.\n");
        text.Append('\n');
        var columns = Columns(results);
        var disentangled = columns.Count > MetricColumns.Count;
        Row(text, ["#", "run", "status", .. keys, .. columns, "failure"]);
        Row(text, ["---:", "---", "---", .. keys.Select(_ => "---"), .. columns.Select(_ => "---:"), "---"]);
        foreach (var r in ordered)
            Row(text, [.. Identity(r), .. keys.Select(k => SweptKeys.Value(r.Point, k)), .. Metrics(FinalMetrics.Of(r), "F2", disentangled), r.FailureReason ?? ""]);
        if (figures.Count > 0)
        {
            text.Append("\n## Figures\n\n");
            foreach (var f in figures) text.Append(CultureInfo.InvariantCulture, $"- [{f}]({f})\n");
        }
        return text.ToString();

        static void Row(StringBuilder text, IEnumerable<string> cells) =>
            text.Append("| ").Append(string.Join(" | ", cells.Select(MarkdownCell))).Append(" |\n");
    }

    private static List<PointResult> Ordered(IReadOnlyList<PointResult> results) => results.OrderBy(r => r.Point.Index).ToList();

    private static string[] Identity(PointResult r) =>
        [r.Point.Index.ToString(CultureInfo.InvariantCulture), r.RunId, r.Status.ToMlflowName()];

    private static IEnumerable<string> Metrics(FinalMetrics m, string format, bool disentangled) =>
    [
        SweptKeys.Number(m.TestLogLikelihood, format),
        SweptKeys.Number(m.TestElbo, format),
        SweptKeys.Number(m.TestKl, format),
        m.ActiveUnits?.ToString(CultureInfo.InvariantCulture) ?? "",
        SweptKeys.Number(m.TrainLoss, format),
        .. disentangled
            ? m.Disentanglement?.Metrics().Select(v => SweptKeys.Number(v.Value, format)) ?? DisentanglementResult.Names.Select(_ => "")
            : [],
    ];

    /// <summary>Quoted when it holds a comma, quote or line break, quotes doubled (RFC 4180).</summary>
    private static string CsvCell(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    /// <summary>One line, pipes escaped, so a failure message cannot break the table.</summary>
    private static string MarkdownCell(string cell) =>
        cell.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
