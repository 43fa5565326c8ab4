using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>What <c>--resume</c> does with one point.</summary>
public enum ResumeAction
{
    /// <summary>No checkpoint: a new run, trained from the first epoch.</summary>
    Start,

    /// <summary>Reopen the run and train on from the saved epoch (epoch 0: the run exists, nothing was saved yet).</summary>
    Continue,

    /// <summary>Training is over but the run is not FINISHED: log what is missing (metrics CSV, figures, model) and finish it.</summary>
    Finish,

    /// <summary>The point failed and the store does not say so yet: end its run FAILED with the saved reason.</summary>
    RecordFailure,

    /// <summary>The run is FINISHED: nothing to do.</summary>
    Skip,

    /// <summary>The run is FAILED and no retry was asked for.</summary>
    SkipFailed,

    /// <summary>The point failed and <c>--retry-failed</c> asks for it again: its checkpoint is cleared and a new run trains it.</summary>
    Retry,
}

/// <summary>
/// Decides what a resumed point does from both records of where it stands: the checkpoint (what this
/// machine trained and saved) and the run's status in the tracking store (what was written there).
/// Neither alone is enough: a crash can land between any two writes.
/// </summary>
public static class PointResume
{
    /// <param name="saved">The point's checkpoint state, or null when it has none.</param>
    /// <param name="stored">The status of <c>saved.RunId</c> in the store (ignored when <paramref name="saved"/> is null).</param>
    public static ResumeAction Decide(CheckpointState? saved, RunStatus stored, bool retryFailed)
    {
        if (saved is null) return ResumeAction.Start;
        if (saved.FailureReason is not null)
            return retryFailed ? ResumeAction.Retry
                : stored == RunStatus.Failed ? ResumeAction.SkipFailed
                : ResumeAction.RecordFailure;
        if (!saved.TrainingDone) return ResumeAction.Continue;
        return stored == RunStatus.Finished ? ResumeAction.Skip : ResumeAction.Finish;
    }

    /// <summary>What the log and the summary say about a failed point that was not run again.</summary>
    public static string NotRetried(int index, string runId, string reason) =>
        $"point {index} failed in run {runId} ({reason}); not run again. `research run SPEC --retry-failed` trains it again in a new run.";
}
