namespace Research.Framework.Plotting;

/// <summary>
/// Lines through the points of one or more series, on linear or log axes with nice ticks, with a legend
/// when there are two series or more. A line breaks at points that cannot be drawn (NaN, infinity,
/// non-positive on a log axis); a point with no drawable neighbour is shown as a marker.
/// </summary>
public sealed record LineChart(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series,
    AxisScale XScale = AxisScale.Linear, AxisScale YScale = AxisScale.Linear) : Chart
{
    internal override void Render(SvgWriter w, string id)
    {
        foreach (var s in Series) s.Validate();
        var (xTicks, yTicks) = CartesianTicks(Series, XScale, YScale);
        var legend = Frame.Entries(ShowLegend, Series.Select((s, i) =>
            new LegendEntry(s.Name, s.Color ?? Palette.Series(i), s.Markers ? LegendSymbol.LineAndMarker : LegendSymbol.Line, s.Dash ?? Palette.Dash(i))).ToList());
        var legendWidth = Legend.Width(legend, Width * LegendShare);
        var a = Layout.Place(Width, Height, Title, XLabel, YLabel, yTicks.Labels, legendWidth, lastXTickLabel: xTicks.Labels[^1]);
        var x = new Axis(XScale, xTicks, a.Left, a.Right);
        var y = new Axis(YScale, yTicks, a.Bottom, a.Top);

        w.Open("g", ("class", "chart line-chart"));
        Frame.Begin(w, id, a);
        Frame.XAxis(w, a, x);
        Frame.YAxis(w, a, y);
        w.Open("g", ("clip-path", Frame.ClipAttribute(id)));
        for (var i = 0; i < Series.Count; i++) DrawSeries(w, Series[i], i, x, y);
        w.Close("g");
        Frame.Decorate(w, Width, a, Title, XLabel, YLabel, legend, legendWidth);
        w.Close("g");
    }

    private void DrawSeries(SvgWriter w, Series s, int index, Axis x, Axis y)
    {
        var color = (s.Color ?? Palette.Series(index)).Hex;
        w.Open("g", ("class", "series"), ("data-name", s.Name));
        var segment = new List<(double X, double Y)>();
        void Flush()
        {
            if (segment.Count >= 2)
                w.Element("polyline", ("points", SvgWriter.Points(segment)), ("fill", "none"), ("stroke", color), ("stroke-width", "1.8"),
                    ("stroke-linejoin", "round"), ("stroke-dasharray", s.Dash ?? Palette.Dash(index)));
            if (segment.Count == 1 && !s.Markers) Marker(w, segment[0], color);
            segment.Clear();
        }
        for (var i = 0; i < s.X.Count; i++)
        {
            if (!s.Drawable(i, XScale, YScale)) { Flush(); continue; }
            segment.Add((x.Map(s.X[i]), y.Map(s.Y[i])));
        }
        Flush();
        if (s.Markers)
            for (var i = 0; i < s.X.Count; i++)
                if (s.Drawable(i, XScale, YScale)) Marker(w, (x.Map(s.X[i]), y.Map(s.Y[i])), color);
        w.Close("g");
    }

    private static void Marker(SvgWriter w, (double X, double Y) p, string color) =>
        w.Element("circle", ("cx", SvgWriter.Num(p.X)), ("cy", SvgWriter.Num(p.Y)), ("r", "3"), ("fill", color));

    /// <summary>Ticks over the drawable points of all series (a point counts only if both coordinates do).</summary>
    internal static (TickSet X, TickSet Y) CartesianTicks(IReadOnlyList<Series> series, AxisScale xScale, AxisScale yScale)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var s in series)
            for (var i = 0; i < s.X.Count; i++)
                if (s.Drawable(i, xScale, yScale)) { xs.Add(s.X[i]); ys.Add(s.Y[i]); }
        return (NiceTicks.For(xs, xScale), NiceTicks.For(ys, yScale));
    }
}
