namespace Research.Experiments.Runner;

/// <summary>The end of a training epoch: its log, or why training stopped (a non-finite loss).</summary>
public sealed record EpochOutcome(EpochLog? Log, string? FailureReason)
{
    public static EpochOutcome Trained(EpochLog log) => new(log, null);

    public static EpochOutcome Failed(string reason) => new(null, reason);
}
