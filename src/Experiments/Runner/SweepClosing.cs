using Research.Experiments.Artifacts;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Closes a sweep's parent run whose points ran in other processes (Slurm array tasks): reads its
/// children from the store, and when <see cref="SweepCompletion"/> says the sweep is complete, logs the
/// summary and sweep figures on the parent and ends it FINISHED, or FAILED if a point did not finish.
/// </summary>
/// <remarks>
/// Two tasks that finish together may both find the sweep complete. Only one closes it: each first
/// logs the param <see cref="ClaimParam"/> with a value of its own, and params are write-once in every
/// MLflow store (a primary key in SQLite and in the server's database), so the second claim is refused.
/// A closer that crashed after its claim leaves the parent RUNNING; <c>research finish-sweep</c> then
/// closes it anyway (<c>force</c>).
/// </remarks>
public static class SweepClosing
{
    public const string ClaimParam = "sweep.closed_by";

    /// <summary>What a closing attempt did.</summary>
    public enum Outcome { Closed, Pending, AlreadyClosed, ClaimedByAnother }

    public static async Task<(Outcome Outcome, SweepProgress Progress)> CloseIfCompleteAsync(ITrackingStore store, string parentRunId,
        IReadOnlyList<SweepPoint> points, string closer, bool force, CancellationToken cancel)
    {
        await store.FlushAsync(cancel);
        var parent = await store.GetRunAsync(parentRunId, cancel);
        var children = (await store.SearchRunsAsync(parent.Info.ExperimentId, cancel)).Where(r => r.ParentRunId == parentRunId).ToArray();
        var progress = SweepCompletion.Of(points.Count, children.Select(SweepChild.Of), force);
        if (parent.Info.Status != RunStatus.Running) return (Outcome.AlreadyClosed, progress);
        if (!progress.Complete) return (Outcome.Pending, progress);
        try
        {
            await store.LogParamAsync(parentRunId, ClaimParam, closer, cancel);
        }
        catch (TrackingException) when (!force)
        {
            return (Outcome.ClaimedByAnother, progress);
        }
        catch (TrackingException)
        {
            // finish-sweep closes a parent whose claimer died before closing it.
        }

        var results = new List<PointResult>();
        foreach (var child in progress.Latest)
        {
            var point = child.Point is { } index && index >= 0 && index < points.Count ? points[index] : points.Count == 1 ? points[0] : null;
            if (point is null) continue;
            var histories = new Dictionary<string, IReadOnlyList<Metric>>();
            foreach (var key in StoredHistory.Keys) histories[key] = await store.GetMetricHistoryAsync(child.RunId, key, cancel);
            results.Add(new PointResult(point, child.RunId, child.Status, child.FailureReason, StoredHistory.FromMetrics(histories)));
        }
        var run = await TrackedRun.ResumeAsync(store, parentRunId, cancellationToken: cancel);
        foreach (var artifact in SweepArtifacts.Render(results))
            await run.LogArtifactAsync(artifact.Path, artifact.Content, cancel);
        if (progress.ClosingStatus == RunStatus.Finished) await run.FinishAsync(cancel);
        else await run.FailAsync(progress.Describe(), cancel);
        await store.FlushAsync(cancel);
        return (Outcome.Closed, progress);
    }

    /// <summary>A value no other closer logs: machine, process and a random part.</summary>
    public static string NewCloserId(string? slurmTask) =>
        $"{slurmTask ?? "process"} on {Environment.MachineName} pid {Environment.ProcessId} {Guid.NewGuid():N}";
}
