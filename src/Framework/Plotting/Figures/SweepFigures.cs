using ScottPlot;

namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The standard figures of a sweep, drawn on its parent run from the final results of every point;
/// pure functions from plain records to <see cref="FigureImage"/>s (PNG and SVG) drawn by ScottPlot.
/// </summary>
public static class SweepFigures
{
    /// <summary>
    /// The result against the number of samples K (log axis, a tick at every K), one line per objective:
    /// the picture of Table 1 of Burda et al. (2016), "Importance Weighted Autoencoders". Seeds are averaged.
    /// </summary>
    public static FigureImage BoundVsK(IReadOnlyList<BoundAtK> results, string yLabel = "test log-likelihood (nats)")
    {
        if (results.Count == 0) throw new ArgumentException("BoundVsK: no results");
        var plot = Plots.Create("Bound against the number of samples K", "K (samples per example, log axis)", yLabel);
        var groups = results.GroupBy(r => r.Objective).ToArray();
        foreach (var (g, i) in groups.Select((g, i) => (g, i)))
        {
            var points = g.GroupBy(r => r.K).OrderBy(k => k.Key).Select(k => (K: (double)k.Key, Mean: Charts.Mean(k.Select(r => r.Value)))).ToArray();
            Charts.Line(plot, g.Key, points.Select(p => Math.Log10(p.K)).ToArray(), points.Select(p => p.Mean).ToArray(), Plots.Lines.GetColor(i), markers: true);
        }
        var ks = results.Select(r => r.K).Where(k => k > 0).Distinct().Order().ToArray();
        Plots.ManualTicks(plot.Axes.Bottom, ks.Select(k => Math.Log10(k)).ToArray(), ks.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (ks.Length > 0) Charts.ShareX([plot], Math.Log10(ks[0]), Math.Log10(ks[^1]));
        Charts.Legend(plot, Alignment.LowerRight);
        return FigureCanvas.Render(plot, 680, 440);
    }

    /// <summary>
    /// Each metric against beta, one panel per metric (in order of first appearance), one line per group.
    /// Beta is on a log axis when all betas are positive and span a factor of ten or more; every beta has a tick.
    /// </summary>
    public static FigureImage MetricsVsBeta(IReadOnlyList<BetaMetric> results)
    {
        if (results.Count == 0) throw new ArgumentException("MetricsVsBeta: no results");
        var betas = results.Select(r => r.Beta).Where(double.IsFinite).Distinct().Order().ToArray();
        var log = betas.Length > 0 && betas.Min() > 0 && betas.Max() / betas.Min() >= 10;
        double X(double beta) => log ? Math.Log10(beta) : beta;
        var metrics = results.Select(r => r.Metric).Distinct().ToArray();
        var groups = results.Select(r => r.Group).Distinct().ToArray();
        var panels = metrics.Select((metric, m) =>
        {
            var plot = Plots.Create(metric, log ? "beta (KL weight, log axis)" : "beta (KL weight)", metric);
            foreach (var g in results.Where(r => r.Metric == metric).GroupBy(r => r.Group))
            {
                var points = g.GroupBy(r => r.Beta).OrderBy(b => b.Key).Select(b => (Beta: b.Key, Mean: Charts.Mean(b.Select(r => r.Value)))).ToArray();
                Charts.Line(plot, g.Key.Length > 0 ? g.Key : metric, points.Select(p => X(p.Beta)).ToArray(), points.Select(p => p.Mean).ToArray(),
                    Plots.Lines.GetColor(Array.IndexOf(groups, g.Key)), markers: true);
            }
            Plots.ManualTicks(plot.Axes.Bottom, betas.Select(X).ToArray(), betas.Select(Plots.Format).ToArray());
            if (groups.Length > 1 && m == metrics.Length - 1) Charts.Legend(plot, Alignment.UpperRight);
            return plot;
        }).ToArray();
        if (betas.Length > 0) Charts.ShareX(panels, X(betas[0]), X(betas[^1]));
        var columns = panels.Length == 4 ? 2 : Math.Clamp(panels.Length, 1, 3); // 4 panels as 2 x 2, not 3 + 1
        return FigureCanvas.Render(panels, 440, 340, columns, "Final metrics against beta" + (groups.Length > 1 ? "" : " (seeds averaged)"));
    }

    /// <summary>
    /// The final log-likelihood per KL schedule as dots (the mean over seeds) with whiskers from the worst
    /// to the best seed; the axis does not start at zero, since only differences matter.
    /// </summary>
    public static FigureImage LogLikelihoodBySchedule(IReadOnlyList<ScheduleResult> results)
    {
        if (results.Count == 0) throw new ArgumentException("LogLikelihoodBySchedule: no results");
        var groups = results.GroupBy(r => r.Schedule).ToArray();
        var finite = groups.Select(g => g.Select(r => r.LogLikelihood).Where(double.IsFinite).ToArray()).ToArray();
        var seeds = groups.Any(g => g.Count() > 1);
        var plot = Plots.Create("Final test log-likelihood by KL schedule" + (seeds ? " (dot: mean; whiskers: range over seeds)" : ""),
            "KL schedule", "test log-likelihood (nats)");
        var xs = Enumerable.Range(0, groups.Length).Select(i => (double)i).ToArray();
        var means = finite.Select(v => v.Length > 0 ? v.Average() : double.NaN).ToArray();
        var shown = xs.Where((_, i) => double.IsFinite(means[i])).ToArray();
        if (shown.Length > 0)
        {
            if (seeds)
            {
                var kept = shown.Select(x => (int)x).ToArray();
                var bars = plot.Add.ErrorBar(shown, kept.Select(i => means[i]).ToArray(), kept.Select(i => finite[i].Max() - means[i]).ToArray());
                bars.YErrorNegative = kept.Select(i => means[i] - finite[i].Min()).ToArray();
                bars.Color = Color.FromHex("#0072B2");
            }
            plot.Add.Markers(shown, shown.Select(x => means[(int)x]).ToArray(), MarkerShape.FilledCircle, 9, Color.FromHex("#0072B2"));
        }
        Plots.ManualTicks(plot.Axes.Bottom, xs, groups.Select(g => g.Key).ToArray());
        var longest = groups.Max(g => g.Key.Length);
        if (longest * 7 > 600 / groups.Length)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // ScottPlot sizes the axis for level labels: fixed margins make room for the slanted ones.
            plot.XLabel("");
            plot.Layout.Fixed(new PixelPadding(90, 30, Math.Min(longest * 5, 200) + 20, 50));
        }
        plot.Axes.SetLimitsX(-0.5, groups.Length - 0.5);
        var (low, high) = Plots.Range(finite.SelectMany(v => v), 0.15);
        plot.Axes.SetLimitsY(low, high);
        return FigureCanvas.Render(plot, Math.Clamp(260 + groups.Length * 110, 560, 1200), 460 + (longest * 7 > 600 / groups.Length ? Math.Min(longest * 5, 200) : 0));
    }

    /// <summary>
    /// The learning curves of all points overlaid on one epoch range: the training bound (<paramref name="trainBound"/>
    /// names it) and the test bound at the evaluated epochs (marked; <paramref name="testBound"/>), one
    /// line per point labelled with the swept values that differ (e.g. "iwae K=5"), legend on the right.
    /// </summary>
    public static FigureImage LearningCurves(IReadOnlyList<RunCurve> runs, string trainBound = "training bound", string testBound = "test bound")
    {
        if (runs.Count == 0) throw new ArgumentException("LearningCurves: no runs");
        var train = Plots.Create("Training", "epoch", $"{trainBound} (nats per example)");
        var test = Plots.Create("Test (evaluated epochs)", "epoch", $"{testBound} (nats per example)");
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
        {
            var x = run.Epochs.Select(e => (double)e.Epoch).ToArray();
            var color = Plots.Lines.GetColor(i);
            var pattern = i / 8 % 2 == 1 ? LinePattern.Dashed : LinePattern.Solid; // past eight colours, dashes tell the lines apart
            Charts.Line(train, run.Label, x, run.Epochs.Select(e => e.TrainBound).ToArray(), color, pattern: pattern);
            Charts.Line(test, run.Label, x, run.Epochs.Select(e => e.TestBound).ToArray(), color, markers: true, pattern: pattern);
        }
        var epochs = runs.SelectMany(r => r.Epochs.Select(e => (double)e.Epoch)).ToArray();
        if (epochs.Length > 0) Charts.ShareX([train, test], epochs.Min(), epochs.Max());
        Charts.LegendOutside(test);
        var legendWidth = Math.Clamp(60 + 7 * runs.Max(r => r.Label.Length), 120, 520);
        return FigureCanvas.Render([(train, 480), (test, 480 + legendWidth)], 400, columns: 2, "Learning curves of all sweep points");
    }
}
