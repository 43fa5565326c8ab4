namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The figure of the <c>compare</c> verb: one metric across the runs of an experiment, either per run
/// or against the one parameter that varies. Pure functions from plain data to SVG documents.
/// </summary>
public static class ComparisonFigures
{
    /// <summary>
    /// One metric per run, in the order given (the table's order). Bars from zero when every value is
    /// zero or more (losses, KL, active units); dots on an axis fitted to the values otherwise
    /// (log-likelihoods and bounds, where only differences matter). NaN leaves a run empty.
    /// </summary>
    public static string MetricByRun(string metric, IReadOnlyList<string> runs, IReadOnlyList<double> values)
    {
        if (runs.Count != values.Count) throw new ArgumentException($"MetricByRun: {runs.Count} runs but {values.Count} values");
        var finite = values.Where(double.IsFinite).ToArray();
        var bars = finite.Length > 0 && finite.Min() >= 0;
        return new BarChart($"{metric} by run", "run", metric, runs, [new BarSeries(metric, values)],
            Layout: bars ? BarLayout.Grouped : BarLayout.Points)
        { Width = Math.Clamp(220 + runs.Count * 60, 480, 1200), ShowLegend = false }.ToSvg();
    }

    /// <summary>
    /// One metric against a numeric parameter, one point per run joined in order of the parameter
    /// (runs that share a value are averaged). The parameter is on a log axis when all its values are
    /// positive and span a factor of ten or more (beta, K, learning rates).
    /// </summary>
    public static string MetricVsParameter(string metric, string parameter, IReadOnlyList<double> parameterValues, IReadOnlyList<double> values)
    {
        if (parameterValues.Count != values.Count)
            throw new ArgumentException($"MetricVsParameter: {parameterValues.Count} parameter values but {values.Count} values");
        var points = parameterValues.Zip(values).Where(p => double.IsFinite(p.First))
            .GroupBy(p => p.First).OrderBy(g => g.Key)
            .Select(g => (X: g.Key, Y: Mean(g.Select(p => p.Second)))).ToArray();
        var xs = points.Select(p => p.X).ToArray();
        var log = xs.Length > 0 && xs.Min() > 0 && xs.Max() / xs.Min() >= 10;
        return new LineChart($"{metric} against {parameter}", parameter, metric,
            [new Series(metric, xs, points.Select(p => p.Y).ToArray()) { Markers = true }],
            XScale: log ? AxisScale.Log : AxisScale.Linear)
        { ShowLegend = false }.ToSvg();
    }

    private static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length > 0 ? finite.Average() : double.NaN;
    }
}
