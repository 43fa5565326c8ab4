using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>How one sweep point ended: its run, status, history and the reason it failed, if it did.</summary>
/// <param name="Note">What the user must know beyond the status: what could not be written and where the trained model is, or how to retry.</param>
public sealed record PointResult(SweepPoint Point, string RunId, RunStatus Status, string? FailureReason, IReadOnlyList<EpochLog> History,
    string? Note = null)
{
    public EpochLog? LastEvaluated => History.LastOrDefault(e => e.Test is not null);
}
