using ScottPlot;

namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The figure of the <c>compare</c> verb: one metric across the runs of an experiment, either per run
/// or against the one parameter that varies. Pure functions from plain data to <see cref="FigureImage"/>s;
/// <c>unit</c> ("nats", "units") goes on the metric's axis.
/// </summary>
public static class ComparisonFigures
{
    /// <summary>
    /// One metric per run, in the order given (the table's order). Bars from zero when every value is
    /// zero or more (losses, KL, active units); dots on an axis fitted to the values otherwise
    /// (log-likelihoods and bounds, where only differences matter). NaN leaves a run empty.
    /// </summary>
    public static FigureImage MetricByRun(string metric, IReadOnlyList<string> runs, IReadOnlyList<double> values, string unit = "")
    {
        if (runs.Count != values.Count) throw new ArgumentException($"MetricByRun: {runs.Count} runs but {values.Count} values");
        var finite = values.Where(double.IsFinite).ToArray();
        var bars = finite.Length > 0 && finite.Min() >= 0;
        var plot = Plots.Create($"{metric} by run", "run", Label(metric, unit));
        var color = Color.FromHex("#0072B2");
        var shown = Enumerable.Range(0, runs.Count).Where(i => double.IsFinite(values[i])).ToArray();
        if (bars)
        {
            plot.Add.Bars(shown.Select(i => new Bar { Position = i, Value = values[i], FillColor = color, LineWidth = 0, Size = 0.7 }).ToArray());
            plot.Axes.SetLimitsY(0, finite.Max() * 1.08 + (finite.Max() == 0 ? 1 : 0));
        }
        else
        {
            plot.Add.Markers(shown.Select(i => (double)i).ToArray(), shown.Select(i => values[i]).ToArray(), MarkerShape.FilledCircle, 9, color);
            var (low, high) = Plots.Range(finite, 0.1);
            plot.Axes.SetLimitsY(low, high);
        }
        Plots.ManualTicks(plot.Axes.Bottom, Enumerable.Range(0, runs.Count).Select(i => (double)i).ToArray(), runs);
        var longest = runs.Count == 0 ? 0 : runs.Max(r => r.Length);
        var width = Math.Clamp(220 + runs.Count * 60, 520, 1400);
        var rotate = longest * 7 > 0.8 * (width - 120) / Math.Max(runs.Count, 1); // labels wider than their slot are slanted
        if (rotate)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // ScottPlot sizes the axis for level labels: fixed margins make room for the slanted ones.
            plot.XLabel("");
            plot.Layout.Fixed(new PixelPadding(90, 30, Math.Min(longest * 5, 240) + 20, 50));
        }
        plot.Axes.SetLimitsX(-0.6, Math.Max(runs.Count, 1) - 0.4);
        return FigureCanvas.Render(plot, width, 440 + (rotate ? Math.Min(longest * 5, 240) : 0));
    }

    /// <summary>
    /// One metric against a numeric parameter, one point per run joined in order of the parameter
    /// (runs that share a value are averaged). The parameter is on a log axis when all its values are
    /// positive and span a factor of ten or more (beta, K, learning rates).
    /// </summary>
    public static FigureImage MetricVsParameter(string metric, string parameter, IReadOnlyList<double> parameterValues, IReadOnlyList<double> values,
        string unit = "")
    {
        if (parameterValues.Count != values.Count)
            throw new ArgumentException($"MetricVsParameter: {parameterValues.Count} parameter values but {values.Count} values");
        var points = parameterValues.Zip(values).Where(p => double.IsFinite(p.First))
            .GroupBy(p => p.First).OrderBy(g => g.Key)
            .Select(g => (X: g.Key, Y: Charts.Mean(g.Select(p => p.Second)))).ToArray();
        var xs = points.Select(p => p.X).ToArray();
        var log = xs.Length > 0 && xs.Min() > 0 && xs.Max() / xs.Min() >= 10;
        double X(double v) => log ? Math.Log10(v) : v;
        var plot = Plots.Create($"{metric} against {parameter}", log ? $"{parameter} (log axis)" : parameter, Label(metric, unit));
        Charts.Line(plot, metric, xs.Select(X).ToArray(), points.Select(p => p.Y).ToArray(), Color.FromHex("#0072B2"), markers: true);
        if (xs.Length > 0)
        {
            Plots.ManualTicks(plot.Axes.Bottom, xs.Select(X).ToArray(), xs.Select(Plots.Format).ToArray());
            Charts.ShareX([plot], X(xs[0]), X(xs[^1]));
        }
        return FigureCanvas.Render(plot, 640, 440);
    }

    private static string Label(string metric, string unit) => unit.Length > 0 ? $"{metric} ({unit})" : metric;
}
