namespace Research.Framework.Tracking;

/// <summary>One <c>runs/log-batch</c> request's worth of metrics, params and tags.</summary>
public sealed record LogBatch(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags)
{
    public int Count => Metrics.Count + Params.Count + Tags.Count;
}
