using ScottPlot;

namespace Research.Framework.Plotting.Figures;

/// <summary>The pieces the standard charts share: lines with marked points, legends, shared x ranges.</summary>
internal static class Charts
{
    /// <summary>
    /// A line through the finite points of (x, y) (gaps dropped, so test values every few epochs join
    /// up); marked points where <paramref name="markers"/>, or where there are few points.
    /// </summary>
    public static ScottPlot.Plottables.Scatter? Line(Plot plot, string label, IReadOnlyList<double> x, IReadOnlyList<double> y,
        Color color, bool markers = false, LinePattern? pattern = null)
    {
        var keep = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        if (keep.Length == 0) return null;
        var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 1.8f;
        line.MarkerSize = markers || keep.Length <= 3 ? 6 : 0;
        if (pattern is { } p) line.LinePattern = p;
        return line;
    }

    /// <summary>Every panel's x axis on the same range (the union of their data).</summary>
    public static void ShareX(IReadOnlyList<Plot> panels, double min, double max)
    {
        var (low, high) = max > min ? (min - (max - min) * 0.03, max + (max - min) * 0.03) : (min - 1, max + 1);
        foreach (var panel in panels) panel.Axes.SetLimitsX(low, high);
    }

    public static void Legend(Plot plot, Alignment alignment = Alignment.LowerRight)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = alignment;
    }

    /// <summary>The legend to the right of the data area, for labels too long or too many to sit on the data.</summary>
    public static void LegendOutside(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
    }

    public static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length > 0 ? finite.Average() : double.NaN;
    }
}
