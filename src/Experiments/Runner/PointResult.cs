using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>How one sweep point ended: its run, status, history and the reason it failed, if it did.</summary>
public sealed record PointResult(SweepPoint Point, string RunId, RunStatus Status, string? FailureReason, IReadOnlyList<EpochLog> History)
{
    public EpochLog? LastEvaluated => History.LastOrDefault(e => e.Test is not null);
}
