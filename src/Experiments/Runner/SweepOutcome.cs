using Research.Experiments.Verbs;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>What a `run` did: the result of every point that ran (in point order), and whether Ctrl-C stopped it.</summary>
public sealed record SweepOutcome(string ExperimentId, string? ParentRunId, IReadOnlyList<PointResult> Points, bool Interrupted)
{
    /// <summary>130 when interrupted, 1 when a point failed, else 0.</summary>
    public int ExitCode =>
        Interrupted ? ExitCodes.Interrupted
        : Points.Any(p => p.Status != RunStatus.Finished) ? ExitCodes.RunFailed
        : ExitCodes.Ok;
}
