using System.Globalization;
using System.Text;
using Research.Experiments.Runner;

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
                    $"  test log p(x) {test.LogLikelihood:F2}  elbo {test.Elbo:F2}  kl {test.Kl:F2}  active units {test.ActiveUnits.Count}");
            var reason = p.FailureReason is null ? "" : $"  ({p.FailureReason})";
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Status.ToString().ToUpperInvariant(),-8} {PointRunner.RunName(p.Point)}{metrics}{reason}  run {p.RunId}");
        }
        text.AppendLine(outcome.Interrupted
            ? "Interrupted: the current point is marked KILLED; `--resume` continues from the last checkpoints."
            : $"{outcome.Points.Count} point(s) in experiment {outcome.ExperimentId}{(outcome.ParentRunId is null ? "" : $", sweep run {outcome.ParentRunId}")}.");
        return text.ToString();
    }
}
