namespace Research.Experiments.Runner;

/// <summary>
/// How `research run` runs a spec (command-line choices, not part of the experiment itself).
/// </summary>
/// <param name="SpecPath">The spec file, recorded as a tag on every run.</param>
/// <param name="TrackingUri">An explicit store (--tracking-uri), else the spec's tracking.uri, else MLFLOW_TRACKING_URI, else sqlite:///mlflow.db.</param>
/// <param name="Parallel">How many points train at once; the cores are shared between them.</param>
/// <param name="Resume">Continue points from their checkpoints and their MLflow runs; completed points are not run again.</param>
/// <param name="RetryFailed">With <paramref name="Resume"/>: train the points that ended FAILED again, each in a new run.</param>
/// <param name="CheckpointRoot">Folder of the checkpoints, one sub-folder per point keyed by its resolved spec.</param>
public sealed record RunnerOptions(
    string SpecPath,
    string? TrackingUri = null,
    int Parallel = 1,
    bool Resume = false,
    string CheckpointRoot = RunnerOptions.DefaultCheckpointRoot,
    bool RetryFailed = false)
{
    public const string DefaultCheckpointRoot = ".cache/checkpoints";
}
