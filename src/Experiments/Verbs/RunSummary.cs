using System.Globalization;
using System.Text;
using Research.Experiments.Runner;
using Research.Framework.Tracking;

namespace Research.Experiments.Verbs;

/// <summary>The end-of-run report printed by `research run`: one line per point, then where to look.</summary>
public static class RunSummary
{
    public static string Format(SweepOutcome outcome)
    {
        var text = new StringBuilder();
        text.AppendLine();
        foreach (var p in outcome.Points.OrderBy(p => p.Point.Index))
        {
            var test = p.LastEvaluated?.Test;
            var metrics = test is null
                ? ""
                : string.Create(CultureInfo.InvariantCulture,
                    $"  test {LikelihoodName.Of(p.Point.Spec.Model.IsConditional)} {test.LogLikelihood:F2}  elbo {test.Elbo:F2}  kl {test.Kl:F2}  active units {test.ActiveUnits.Count}");
            var reason = p.FailureReason is null ? "" : $"  ({p.FailureReason})";
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Status.ToString().ToUpperInvariant(),-8} {PointRunner.RunName(p.Point)}{metrics}{reason}  run {p.RunId}");
            if (p.Note is not null) text.AppendLine(CultureInfo.InvariantCulture, $"         {p.Note}");
        }
        if (outcome.StoppedBy is not null)
            text.AppendLine(CultureInfo.InvariantCulture, $"Stopped: {outcome.StoppedBy}. The points above were trained; `--resume` runs the rest.");
        if (!outcome.Interrupted && outcome.Points.Any(p => p.Status == RunStatus.Failed && p.Note is null))
            text.AppendLine("`research run SPEC --retry-failed` trains the FAILED points again, each in a new run (the others continue or stay as they are).");
        text.AppendLine(outcome.Interrupted
            ? "Interrupted: the current point is marked KILLED; `--resume` continues from the last checkpoints."
            : $"{outcome.Points.Count} point(s) in experiment {outcome.ExperimentId}{(outcome.ParentRunId is null ? "" : $", sweep run {outcome.ParentRunId}")}.");
        return text.ToString();
    }
}
