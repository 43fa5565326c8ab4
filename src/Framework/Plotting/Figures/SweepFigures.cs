namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The standard figures of a sweep, drawn on its parent run from the final results of every point;
/// pure functions from plain data to SVG documents.
/// </summary>
public static class SweepFigures
{
    /// <summary>
    /// The result against the number of samples K (log axis), one line per objective: the picture of
    /// Table 1 of Burda et al. (2016), "Importance Weighted Autoencoders". Seeds are averaged.
    /// </summary>
    public static string BoundVsK(IReadOnlyList<BoundAtK> results, string yLabel = "test log-likelihood (nats)")
    {
        var series = results.GroupBy(r => r.Objective).Select(g =>
        {
            var points = g.GroupBy(r => r.K).OrderBy(k => k.Key).Select(k => (K: (double)k.Key, Mean: Mean(k.Select(r => r.Value)))).ToArray();
            return new Series(g.Key, points.Select(p => p.K).ToArray(), points.Select(p => p.Mean).ToArray()) { Markers = true };
        }).ToArray();
        return new LineChart("Bound against the number of samples K", "K (samples per example)", yLabel, series, XScale: AxisScale.Log).ToSvg();
    }

    /// <summary>
    /// Each metric against beta, one panel per metric (in order of first appearance), one line per group.
    /// Beta is on a log axis when all betas are positive and span a factor of ten or more.
    /// </summary>
    public static string MetricsVsBeta(IReadOnlyList<BetaMetric> results)
    {
        var betas = results.Select(r => r.Beta).Where(double.IsFinite).ToArray();
        var log = betas.Length > 0 && betas.Min() > 0 && betas.Max() / betas.Min() >= 10;
        var metrics = results.Select(r => r.Metric).Distinct().ToArray();
        var panels = metrics.Select((metric, m) =>
        {
            var series = results.Where(r => r.Metric == metric).GroupBy(r => r.Group).Select(g =>
            {
                var points = g.GroupBy(r => r.Beta).OrderBy(b => b.Key).Select(b => (Beta: b.Key, Mean: Mean(b.Select(r => r.Value)))).ToArray();
                return new Series(g.Key, points.Select(p => p.Beta).ToArray(), points.Select(p => p.Mean).ToArray()) { Markers = true };
            }).ToArray();
            return (Chart)new LineChart(metric, "beta (KL weight)", metric, series, XScale: log ? AxisScale.Log : AxisScale.Linear)
            { Width = 420, Height = 320, ShowLegend = m == metrics.Length - 1 };
        }).ToArray();
        return new PanelFigure("Metrics against beta", panels, Columns: panels.Length == 4 ? 2 : Math.Clamp(panels.Length, 1, 3)).ToSvg(); // 4 panels as 2 x 2, not 3 + 1
    }

    /// <summary>
    /// The final log-likelihood per KL schedule as dots (the mean over seeds) with whiskers from the worst
    /// to the best seed; the axis does not start at zero, since only differences matter.
    /// </summary>
    public static string LogLikelihoodBySchedule(IReadOnlyList<ScheduleResult> results)
    {
        var groups = results.GroupBy(r => r.Schedule).ToArray();
        var finite = groups.Select(g => g.Select(r => r.LogLikelihood).Where(double.IsFinite).ToArray()).ToArray();
        var seeds = groups.Any(g => g.Count() > 1);
        var series = new BarSeries("mean over seeds", finite.Select(v => v.Length > 0 ? v.Average() : double.NaN).ToArray())
        {
            Low = seeds ? finite.Select(v => v.Length > 0 ? v.Min() : double.NaN).ToArray() : null,
            High = seeds ? finite.Select(v => v.Length > 0 ? v.Max() : double.NaN).ToArray() : null,
        };
        return new BarChart("Final test log-likelihood by KL schedule" + (seeds ? " (range over seeds)" : ""), "KL schedule",
            "test log-likelihood (nats)", groups.Select(g => g.Key).ToArray(), [series], Layout: BarLayout.Points)
        { Width = Math.Clamp(220 + groups.Length * 90, 480, 1000) }.ToSvg();
    }

    /// <summary>The learning curves of all points overlaid: training bound and test bound against epoch,
    /// one line per point (legend on the right panel).</summary>
    public static string LearningCurves(IReadOnlyList<RunCurve> runs, string boundName = "bound")
    {
        Series[] Lines(Func<EpochMetrics, double> value) => runs.Select(r =>
            new Series(r.Label, r.Epochs.Select(e => (double)e.Epoch).ToArray(), r.Epochs.Select(value).ToArray())).ToArray();
        var test = Lines(e => e.TestBound);
        // Test values every few epochs are isolated points: join them by dropping the gaps.
        test = test.Select(s =>
        {
            var keep = Enumerable.Range(0, s.X.Count).Where(i => double.IsFinite(s.Y[i])).ToArray();
            return s with { X = keep.Select(i => s.X[i]).ToArray(), Y = keep.Select(i => s.Y[i]).ToArray() };
        }).ToArray();
        return new PanelFigure("Learning curves of all sweep points",
        [
            new LineChart($"Training {boundName}", "epoch", "nats per example", Lines(e => e.TrainBound)) { Width = 460, Height = 360, ShowLegend = false },
            // Point labels name every swept value ("cyclical(cycles=4, ratio=0.5), free_bits=0"): room for them.
            new LineChart($"Test {boundName}", "epoch", "nats per example", test) { Width = 780, Height = 360, LegendShare = 0.45 },
        ], Columns: 2).ToSvg();
    }

    private static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length > 0 ? finite.Average() : double.NaN;
    }
}
