using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>One child run of a sweep's parent as the store has it: its point index (tag <c>sweep.point</c>), status and start.</summary>
public sealed record SweepChild(string RunId, int? Point, RunStatus Status, long StartTime, string? FailureReason)
{
    public const string PointTag = "sweep.point";

    public static SweepChild Of(Run run) => new(run.Info.RunId,
        run.Tags.TryGetValue(PointTag, out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null,
        run.Info.Status, run.Info.StartTime, run.Tags.GetValueOrDefault(MlflowTags.FailureReason));
}
