using Research.Experiments.Verbs;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>What a `run` did: the result of every point that ran (in point order), and whether Ctrl-C stopped it.</summary>
/// <param name="StoppedBy">The error that stopped the sweep after some points had run (e.g. the store is full), else null.</param>
public sealed record SweepOutcome(string ExperimentId, string? ParentRunId, IReadOnlyList<PointResult> Points, bool Interrupted,
    string? StoppedBy = null)
{
    /// <summary>130 when interrupted, 1 when a point failed or the sweep was stopped by an error, else 0.</summary>
    public int ExitCode =>
        Interrupted ? ExitCodes.Interrupted
        : StoppedBy is not null || Points.Any(p => p.Status != RunStatus.Finished) ? ExitCodes.RunFailed
        : ExitCodes.Ok;
}
