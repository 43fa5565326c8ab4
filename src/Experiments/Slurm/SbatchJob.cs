namespace Research.Experiments.Slurm;

/// <summary>
/// A sweep as one Slurm job array: task i runs <see cref="Command"/> followed by
/// <c>--point i --parent ParentRunId --tracking-uri TrackingUri --checkpoint-dir CheckpointRoot --resume</c>.
/// Every path is absolute, so the script runs the same from any node that sees the shared storage.
/// </summary>
/// <param name="Command">The `research` program and the arguments before the point's: e.g. /usr/bin/dotnet, /opt/research/research.dll, run, /data/spec.yaml, --set, ...</param>
/// <param name="WorkingFolder">Where tasks start (relative paths of the spec, such as a data cache, resolve from here).</param>
/// <param name="LogFolder">Where Slurm writes each task's output, slurm-JOB_TASK.out.</param>
public sealed record SbatchJob(
    string JobName,
    int PointCount,
    IReadOnlyList<string> Command,
    string ParentRunId,
    string TrackingUri,
    string CheckpointRoot,
    string WorkingFolder,
    string LogFolder,
    SlurmResources Resources);
