using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Research.Experiments.Progress;

/// <summary>
/// The words of the terminal display, from progress states (pure; Spectre markup): a point's line
/// while it runs, the sweep's line, and the one final frame printed when the display closes.
/// </summary>
public static class ProgressText
{
    /// <summary>A point's line: the epoch, the current loss, bound and KL, and the phase's ETA; or the evaluation's progress and ETA.</summary>
    public static string Point(PointProgressState s) => s.Phase switch
    {
        PointPhase.Evaluating => Invariant($"{Escape(s.Name)} [yellow]evaluating after epoch {s.Epoch}: {s.Evaluated}/{s.EvaluationTotal}[/] [grey]ETA {Eta(s.Eta)}[/]"),
        PointPhase.Ended => $"{Escape(s.Name)} [{Colour(s.Status)}]{s.Status}[/] [grey]{Escape(Values(s))}[/]",
        _ => Invariant($"{Escape(s.Name)} [grey]{Escape(Values(s))} ETA {Eta(s.Eta)}[/]"),
    };

    /// <summary>The sweep's line: points done (a running point counts by its share of steps), and the ETA at the pace so far.</summary>
    public static string Sweep(double fraction, int pointCount, TimeSpan elapsed) =>
        Invariant($"sweep {fraction * pointCount:F1}/{pointCount} points [grey]ETA {Eta(PointProgressState.Remaining(elapsed, fraction, 1 - fraction))}[/]");

    /// <summary>The sweep's share done: each point's share of its steps (1 once ended), over all points.</summary>
    public static double SweepFraction(IEnumerable<PointProgressState> points, int pointCount) =>
        pointCount <= 0 ? 1 : Math.Clamp(points.Sum(p => p.Fraction) / pointCount, 0, 1);

    /// <summary>What stays on the screen when the display closes (also after Ctrl-C): each point once, then the sweep line.</summary>
    public static string FinalFrame(IReadOnlyList<PointProgressState> points, int pointCount, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        foreach (var p in points)
            text.AppendLine(Invariant($"{Escape(p.Name)} [{Colour(p.Status)}]{p.Status ?? "STOPPED"}[/] [grey]{Escape(Values(p))}[/]"));
        if (pointCount > 1)
            text.AppendLine(Invariant($"sweep {points.Count(p => p.Status is "FINISHED")}/{pointCount} points finished in {Clock(elapsed)}"));
        return text.ToString();
    }

    /// <summary>"epoch 3/10 loss 95.21 bound -95.21 kl 12.03": the losses left out until the first step reports them.</summary>
    public static string Values(PointProgressState s)
    {
        var epoch = Invariant($"epoch {s.Epoch}/{s.Epochs}");
        return double.IsNaN(s.Loss) ? epoch : Invariant($"{epoch} loss {s.Loss:F2} bound {s.Bound:F2} kl {s.Kl:F2}");
    }

    /// <summary>An ETA as m:ss or h:mm:ss; "--:--" while there is no pace yet.</summary>
    public static string Eta(TimeSpan? eta) => eta is { } t ? Clock(t) : "--:--";

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? Invariant($"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}")
        : Invariant($"{t.Minutes}:{t.Seconds:D2}");

    private static string Colour(string? status) => status is "FINISHED" ? "green" : "red";

    private static string Escape(string text) => Markup.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
