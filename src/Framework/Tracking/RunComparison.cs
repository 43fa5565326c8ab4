namespace Research.Framework.Tracking;

/// <summary>
/// Builds the table of the <c>compare</c> verb from runs read back from a store. Pure: the same runs
/// and options give the same table.
/// </summary>
public static class RunComparison
{
    public static ComparisonTable Build(IEnumerable<Run> runs, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        var all = runs.ToList();
        var parents = all.Select(r => r.ParentRunId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var selected = options.IncludeParents ? all : all.Where(r => !parents.Contains(r.Info.RunId)).ToList();

        // A param varies when two runs differ in its value, or one has it and another does not.
        var paramKeys = selected.SelectMany(r => r.Params.Keys).Distinct()
            .Where(key => selected.Select(r => r.Params.GetValueOrDefault(key)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
        var metricKeys = options.Metrics?.ToList()
            ?? selected.SelectMany(r => r.LatestMetrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

        var rows = selected.Select(r => new ComparisonRow(
            r.Info.RunId,
            r.Info.RunName,
            r.Info.Status,
            paramKeys.Where(r.Params.ContainsKey).ToDictionary(k => k, k => r.Params[k], StringComparer.Ordinal),
            metricKeys.Where(r.LatestMetrics.ContainsKey).ToDictionary(k => k, k => r.LatestMetrics[k].Value, StringComparer.Ordinal)));

        IEnumerable<ComparisonRow> ordered;
        if (options.SortMetric is { } metric)
        {
            // Runs with a real value first, in order; then NaN; then runs without the metric. Ties by name.
            double? Value(ComparisonRow row) => row.Metrics.TryGetValue(metric, out var v) ? v : null;
            var withValue = rows.Where(r => Value(r) is { } v && !double.IsNaN(v));
            var sorted = options.Descending
                ? withValue.OrderByDescending(r => Value(r)!.Value)
                : withValue.OrderBy(r => Value(r)!.Value);
            var rest = rows.Where(r => Value(r) is not { } v || double.IsNaN(v))
                .OrderBy(r => Value(r) is null ? 1 : 0);
            ordered = sorted.ThenBy(r => r.RunName, StringComparer.Ordinal)
                .Concat(rest.ThenBy(r => r.RunName, StringComparer.Ordinal));
        }
        else
        {
            var start = selected.ToDictionary(r => r.Info.RunId, r => r.Info.StartTime, StringComparer.Ordinal);
            ordered = rows.OrderByDescending(r => start[r.RunId]).ThenBy(r => r.RunName, StringComparer.Ordinal);
        }
        return new ComparisonTable(paramKeys, metricKeys, ordered.ToList());
    }
}
