namespace Research.Framework.Plotting;

/// <summary>
/// Draws what every Cartesian chart shares: background, grid, axes with ticks, title, axis labels, legend,
/// and the clip path of the plotted area. Class names (<c>plot-area</c>, <c>tick x</c>, <c>axis-label y</c>,
/// <c>series</c>, <c>legend</c>) let tests and stylesheets find the parts.
/// </summary>
internal static class Frame
{
    /// <summary>How far drawing may spill past the plot area (markers on the edge stay whole).</summary>
    private const double ClipSlack = 6;

    public static void Begin(SvgWriter w, string id, PlotArea a)
    {
        w.Open("defs");
        w.Open("clipPath", ("id", id + "-clip"));
        w.Element("rect", ("x", SvgWriter.Num(a.Left - ClipSlack)), ("y", SvgWriter.Num(a.Top - ClipSlack)),
            ("width", SvgWriter.Num(a.Width + 2 * ClipSlack)), ("height", SvgWriter.Num(a.Height + 2 * ClipSlack)));
        w.Close("clipPath");
        w.Close("defs");
        w.Element("rect", ("class", "plot-area"), ("x", SvgWriter.Num(a.Left)), ("y", SvgWriter.Num(a.Top)),
            ("width", SvgWriter.Num(a.Width)), ("height", SvgWriter.Num(a.Height)), ("fill", "#ffffff"), ("stroke", "none"));
    }

    public static string ClipAttribute(string id) => $"url(#{id}-clip)";

    /// <summary>Grid lines, tick marks and labels of a numeric x axis.</summary>
    public static void XAxis(SvgWriter w, PlotArea a, Axis x)
    {
        foreach (var v in x.Ticks.Minor)
        {
            var px = x.Map(v);
            if (!(px >= a.Left - 0.01 && px <= a.Right + 0.01)) continue;
            w.Element("line", ("class", "minor-tick x"), ("x1", SvgWriter.Num(px)), ("y1", SvgWriter.Num(a.Bottom)),
                ("x2", SvgWriter.Num(px)), ("y2", SvgWriter.Num(a.Bottom + Layout.TickLength * 0.6)), ("stroke", "#444444"));
        }
        for (var i = 0; i < x.Ticks.Values.Count; i++)
            XTick(w, a, x.Map(x.Ticks.Values[i]), x.Ticks.Values[i], x.Ticks.Labels[i], grid: true);
    }

    /// <summary>One tick of the x axis at pixel <paramref name="px"/> (also used for categories).</summary>
    public static void XTick(SvgWriter w, PlotArea a, double px, double value, string label, bool grid, double rotate = 0)
    {
        w.Open("g", ("class", "tick x"), ("data-value", SvgWriter.Num(value)));
        if (grid)
            w.Element("line", ("class", "grid"), ("x1", SvgWriter.Num(px)), ("y1", SvgWriter.Num(a.Top)), ("x2", SvgWriter.Num(px)),
                ("y2", SvgWriter.Num(a.Bottom)), ("stroke", "#e6e6e6"));
        w.Element("line", ("x1", SvgWriter.Num(px)), ("y1", SvgWriter.Num(a.Bottom)), ("x2", SvgWriter.Num(px)),
            ("y2", SvgWriter.Num(a.Bottom + Layout.TickLength)), ("stroke", "#444444"));
        if (label.Length > 0)
        {
            if (rotate == 0)
                w.Text(px, a.Bottom + Layout.TickLength + 3 + Layout.TickSize, label, Layout.TickSize, "middle");
            else
                w.Text(px + Layout.TickSize * 0.35, a.Bottom + Layout.TickLength + 4, label, Layout.TickSize, "end", rotate: rotate);
        }
        w.Close("g");
    }

    /// <summary>Grid lines, tick marks and labels of a numeric y axis.</summary>
    public static void YAxis(SvgWriter w, PlotArea a, Axis y)
    {
        foreach (var v in y.Ticks.Minor)
        {
            var py = y.Map(v);
            if (!(py >= a.Top - 0.01 && py <= a.Bottom + 0.01)) continue;
            w.Element("line", ("class", "minor-tick y"), ("x1", SvgWriter.Num(a.Left - Layout.TickLength * 0.6)), ("y1", SvgWriter.Num(py)),
                ("x2", SvgWriter.Num(a.Left)), ("y2", SvgWriter.Num(py)), ("stroke", "#444444"));
        }
        for (var i = 0; i < y.Ticks.Values.Count; i++)
        {
            var py = y.Map(y.Ticks.Values[i]);
            w.Open("g", ("class", "tick y"), ("data-value", SvgWriter.Num(y.Ticks.Values[i])));
            w.Element("line", ("class", "grid"), ("x1", SvgWriter.Num(a.Left)), ("y1", SvgWriter.Num(py)), ("x2", SvgWriter.Num(a.Right)),
                ("y2", SvgWriter.Num(py)), ("stroke", "#e6e6e6"));
            w.Element("line", ("x1", SvgWriter.Num(a.Left - Layout.TickLength)), ("y1", SvgWriter.Num(py)), ("x2", SvgWriter.Num(a.Left)),
                ("y2", SvgWriter.Num(py)), ("stroke", "#444444"));
            w.Text(a.Left - Layout.TickLength - 3, py + Layout.TickSize * 0.35, y.Ticks.Labels[i], Layout.TickSize, "end");
            w.Close("g");
        }
    }

    /// <summary>The axis lines (over the grid), title, axis labels and legend.</summary>
    public static void Decorate(SvgWriter w, double width, PlotArea a, string title, string xLabel, string yLabel,
        IReadOnlyList<LegendEntry> legend, double legendWidth, double bottomExtra = 0)
    {
        w.Element("rect", ("class", "frame"), ("x", SvgWriter.Num(a.Left)), ("y", SvgWriter.Num(a.Top)), ("width", SvgWriter.Num(a.Width)),
            ("height", SvgWriter.Num(a.Height)), ("fill", "none"), ("stroke", "#444444"));
        if (!string.IsNullOrEmpty(title))
        {
            // Centred over the plot if it fits there, else over the chart, else shrunk (at most to 11 px) and cut.
            var size = Layout.TitleSize;
            var titleWidth = Layout.TextWidth(title, size) * 1.05; // bold
            var centre = a.Left + a.Width / 2;
            if (titleWidth / 2 > Math.Min(centre, width - centre) - 6) centre = width / 2;
            if (titleWidth > width - 12) size = Math.Max(11, size * (width - 12) / titleWidth);
            w.Text(centre, 14 + Layout.TitleSize, Layout.Fit(title, (width - 12) / 1.05, size), size, "middle", "title", weight: "bold");
        }
        if (!string.IsNullOrEmpty(xLabel))
        {
            var bottom = a.Bottom + Layout.TickLength + 6 + Layout.TickSize + 8 + Layout.LabelSize + bottomExtra;
            w.Text(a.Left + a.Width / 2, bottom, xLabel, Layout.LabelSize, "middle", "axis-label x");
        }
        if (!string.IsNullOrEmpty(yLabel))
        {
            var x = 10 + Layout.LabelSize;
            var y = a.Top + a.Height / 2;
            w.Text(x, y, yLabel, Layout.LabelSize, "middle", "axis-label y", rotate: -90);
        }
        if (legend.Count > 0) Legend.Draw(w, a.Right + 12, a.Top, legendWidth, Math.Max(a.Height, 40), legend);
    }

    /// <summary>The legend entries to show: none for a lone series, one per series otherwise.</summary>
    public static IReadOnlyList<LegendEntry> Entries(bool show, IReadOnlyList<LegendEntry> all) =>
        show && all.Count >= 2 ? all : [];
}
