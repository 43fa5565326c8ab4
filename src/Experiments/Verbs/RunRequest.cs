using Research.Experiments.Runner;

namespace Research.Experiments.Verbs;

/// <summary>What `research run` was asked to do.</summary>
public sealed record RunRequest(
    string SpecPath,
    IReadOnlyList<string> Overrides,
    bool DryRun,
    string? TrackingUri,
    int Parallel = 1,
    bool Resume = false,
    string CheckpointRoot = RunnerOptions.DefaultCheckpointRoot,
    bool RetryFailed = false,
    int? Point = null,
    string? ParentRunId = null);
