namespace Research.Framework.Plotting;

/// <summary>
/// Points of one or more groups (e.g. test latents by label), each group in its own colour, drawn as
/// translucent dots so that dense regions read darker. Undrawable points are skipped.
/// </summary>
public sealed record ScatterChart(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Groups,
    AxisScale XScale = AxisScale.Linear, AxisScale YScale = AxisScale.Linear) : Chart
{
    /// <summary>Dot radius in pixels.</summary>
    public double MarkerRadius { get; init; } = 2.5;

    /// <summary>Dot opacity in (0, 1].</summary>
    public double Opacity { get; init; } = 0.7;

    internal override void Render(SvgWriter w, string id)
    {
        foreach (var s in Groups) s.Validate();
        var (xTicks, yTicks) = LineChart.CartesianTicks(Groups, XScale, YScale);
        var legend = Frame.Entries(ShowLegend, Groups.Select((s, i) => new LegendEntry(s.Name, s.Color ?? Palette.Series(i), LegendSymbol.Marker)).ToList());
        var legendWidth = Legend.Width(legend, Width * LegendShare);
        var a = Layout.Place(Width, Height, Title, XLabel, YLabel, yTicks.Labels, legendWidth, lastXTickLabel: xTicks.Labels[^1]);
        var x = new Axis(XScale, xTicks, a.Left, a.Right);
        var y = new Axis(YScale, yTicks, a.Bottom, a.Top);

        w.Open("g", ("class", "chart scatter-chart"));
        Frame.Begin(w, id, a);
        Frame.XAxis(w, a, x);
        Frame.YAxis(w, a, y);
        w.Open("g", ("clip-path", Frame.ClipAttribute(id)));
        var r = SvgWriter.Num(MarkerRadius);
        var opacity = SvgWriter.Num(Math.Clamp(Opacity, 0.05, 1));
        for (var g = 0; g < Groups.Count; g++)
        {
            var s = Groups[g];
            w.Open("g", ("class", "series"), ("data-name", s.Name), ("fill", (s.Color ?? Palette.Series(g)).Hex), ("fill-opacity", opacity));
            for (var i = 0; i < s.X.Count; i++)
                if (s.Drawable(i, XScale, YScale))
                    w.Element("circle", ("cx", SvgWriter.Num(x.Map(s.X[i]))), ("cy", SvgWriter.Num(y.Map(s.Y[i]))), ("r", r));
            w.Close("g");
        }
        w.Close("g");
        Frame.Decorate(w, Width, a, Title, XLabel, YLabel, legend, legendWidth);
        w.Close("g");
    }
}
