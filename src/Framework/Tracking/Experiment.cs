namespace Research.Framework.Tracking;

/// <summary>An MLflow experiment: a named group of runs. Times are milliseconds since the Unix epoch.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsActive => LifecycleStage == LifecycleStages.Active;
}
