namespace Research.Framework.Tracking;

/// <summary>
/// A run as read back: its info, params, tags and the latest value of each metric (the value with
/// the largest step, then the largest timestamp, as MLflow chooses it).
/// </summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, Metric> LatestMetrics)
{
    /// <summary>The parent run's id (tag <c>mlflow.parentRunId</c>), or null for a top-level run.</summary>
    public string? ParentRunId => Tags.GetValueOrDefault(MlflowTags.ParentRunId);
}
