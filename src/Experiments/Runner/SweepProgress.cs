using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Where a sweep stands: the newest run of each point, the points with no run yet, whether the parent
/// may be closed now, and with which status.
/// </summary>
public sealed record SweepProgress(int PointCount, IReadOnlyList<SweepChild> Latest, IReadOnlyList<int> Missing, bool Complete, RunStatus ClosingStatus)
{
    /// <summary>"3 of 3 points ended (2 FINISHED, 1 FAILED)": for logs and the failure reason.</summary>
    public string Describe()
    {
        var counts = Latest.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToMlflowName()}");
        var missing = Missing.Count == 0 ? "" : $"; no run yet for point(s) {string.Join(", ", Missing)}";
        return $"{Latest.Count(c => c.Status is RunStatus.Finished or RunStatus.Failed)} of {PointCount} points ended ({string.Join(", ", counts)}){missing}";
    }
}
