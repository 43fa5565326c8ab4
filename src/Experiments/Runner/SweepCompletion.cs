using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Whether a sweep whose points run as separate processes (one Slurm array task each) is done, from
/// its child runs in the store: the rule by which the last task to finish closes the parent run.
/// </summary>
/// <remarks>
/// A point may have more than one child run (a requeued task that lost its checkpoint starts a new
/// one): the newest run of each point counts. The sweep is complete when every point has a run and
/// every such run ended FINISHED or FAILED. KILLED is not an end here: a preempted or cancelled task
/// is KILLED until Slurm requeues it, and its point then resumes into the same run; a sweep left with
/// a KILLED point is closed by hand (<c>research finish-sweep</c>, <paramref name="force"/>). The parent
/// ends FINISHED when every point finished, else FAILED.
/// </remarks>
public static class SweepCompletion
{
    public static SweepProgress Of(int pointCount, IEnumerable<SweepChild> children, bool force = false)
    {
        var latest = children
            .GroupBy(c => c.Point is { } index ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "run " + c.RunId)
            .Select(g => g.OrderByDescending(c => c.StartTime).ThenBy(c => c.RunId, StringComparer.Ordinal).First())
            .OrderBy(c => c.Point ?? int.MaxValue)
            .ToArray();
        var indexed = latest.Where(c => c.Point is not null).Select(c => c.Point!.Value).ToHashSet();
        var unindexed = latest.Count(c => c.Point is null);
        // A single-point sweep may log no point index: its one run stands for point 0.
        var missing = Enumerable.Range(0, pointCount).Where(i => !indexed.Contains(i)).Skip(unindexed).ToArray();
        var ended = missing.Length == 0 && latest.All(c => c.Status is RunStatus.Finished or RunStatus.Failed);
        var allFinished = missing.Length == 0 && latest.Length >= pointCount && latest.All(c => c.Status == RunStatus.Finished);
        return new SweepProgress(pointCount, latest, missing, force || ended, allFinished ? RunStatus.Finished : RunStatus.Failed);
    }
}
