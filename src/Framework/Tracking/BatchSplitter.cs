namespace Research.Framework.Tracking;

/// <summary>
/// Splits logging data into batches within MLflow's limits (1000 metrics, 100 params, 100 tags,
/// 1000 entries in all per request), keeping the order of each list. Pure.
/// </summary>
public static class BatchSplitter
{
    public static IEnumerable<LogBatch> Split(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < parameters.Count || t < tags.Count)
        {
            var paramCount = Math.Min(MlflowLimits.MaxParamsPerBatch, parameters.Count - p);
            var tagCount = Math.Min(MlflowLimits.MaxTagsPerBatch, tags.Count - t);
            var room = MlflowLimits.MaxEntitiesPerBatch - paramCount - tagCount;
            var metricCount = Math.Min(Math.Min(MlflowLimits.MaxMetricsPerBatch, room), metrics.Count - m);
            yield return new LogBatch(
                metrics.Skip(m).Take(metricCount).ToList(),
                parameters.Skip(p).Take(paramCount).ToList(),
                tags.Skip(t).Take(tagCount).ToList());
            m += metricCount;
            p += paramCount;
            t += tagCount;
        }
    }
}
