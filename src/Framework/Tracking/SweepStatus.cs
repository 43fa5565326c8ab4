using System.Globalization;

namespace Research.Framework.Tracking;

/// <summary>
/// How a sweep's parent run ends, from its points: KILLED if interrupted (or a point was),
/// FAILED if any point failed or did not run, FINISHED only when every point finished; with a
/// one-line summary ("4 points: 3 finished, 1 failed") logged as tag <see cref="SummaryTag"/>.
/// </summary>
public sealed record SweepStatus(RunStatus Status, string Summary, string? FailureReason)
{
    public const string SummaryTag = "sweep.summary";

    public static SweepStatus Of(IReadOnlyCollection<RunStatus> points, int pointCount, bool interrupted = false)
    {
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var finished = points.Count(s => s == RunStatus.Finished);
        var failed = points.Count(s => s == RunStatus.Failed);
        var killed = points.Count(s => s == RunStatus.Killed);
        var missing = Math.Max(0, pointCount - points.Count);
        var parts = new List<string> { $"{N(finished)} finished" };
        if (failed > 0) parts.Add($"{N(failed)} failed");
        if (killed > 0) parts.Add($"{N(killed)} killed");
        if (missing > 0) parts.Add($"{N(missing)} not run");
        var summary = $"{N(pointCount)} points: {string.Join(", ", parts)}";
        if (interrupted || killed > 0) return new(RunStatus.Killed, summary, null);
        if (failed > 0 || missing > 0 || finished < pointCount)
            return new(RunStatus.Failed, summary, $"{N(pointCount - finished)} of {N(pointCount)} points did not finish ({summary})");
        return new(RunStatus.Finished, summary, null);
    }
}
