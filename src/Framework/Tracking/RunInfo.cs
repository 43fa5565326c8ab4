namespace Research.Framework.Tracking;

/// <summary>
/// What MLflow knows about a run besides its data. Times are milliseconds since the Unix epoch;
/// <see cref="EndTime"/> is null while the run is not finished.
/// </summary>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);
