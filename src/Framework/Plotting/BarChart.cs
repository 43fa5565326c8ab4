namespace Research.Framework.Plotting;

/// <summary>
/// Bars (or dots) per category for one or more series. Bars start at zero on a linear axis and at the
/// bottom of a log axis; category labels are thinned, or slanted, to stay legible.
/// </summary>
public sealed record BarChart(string Title, string XLabel, string YLabel, IReadOnlyList<string> Categories,
    IReadOnlyList<BarSeries> Series, AxisScale YScale = AxisScale.Linear, BarLayout Layout = BarLayout.Grouped) : Chart
{
    internal override void Render(SvgWriter w, string id)
    {
        foreach (var s in Series)
        {
            if (s.Values.Count != Categories.Count)
                throw new ArgumentException($"BarSeries '{s.Name}': {s.Values.Count} values for {Categories.Count} categories");
            if ((s.Low is not null && s.Low.Count != Categories.Count) || (s.High is not null && s.High.Count != Categories.Count))
                throw new ArgumentException($"BarSeries '{s.Name}': whiskers need one value per category");
        }
        var values = Series.SelectMany(s => s.Values.Concat(s.Low ?? []).Concat(s.High ?? []));
        if (Layout != BarLayout.Points && YScale == AxisScale.Linear) values = values.Append(0);
        var yTicks = NiceTicks.For(values, YScale);
        var symbol = Layout == BarLayout.Points ? LegendSymbol.Marker : LegendSymbol.Box;
        var legend = Frame.Entries(ShowLegend, Series.Select((s, i) => new LegendEntry(s.Name, s.Color ?? Palette.Series(i), symbol)).ToList());
        var legendWidth = Legend.Width(legend, Width * LegendShare);

        // Category labels: all of them flat when they fit, else every k-th flat (short labels) or slanted.
        var labelWidth = Categories.Select(c => Plotting.Layout.TextWidth(c, Plotting.Layout.TickSize)).DefaultIfEmpty(0).Max();
        var trial = Plotting.Layout.Place(Width, Height, Title, XLabel, YLabel, yTicks.Labels, legendWidth);
        var slot = trial.Width / Math.Max(1, Categories.Count);
        var slant = labelWidth + 6 > slot && labelWidth > 30;
        var extra = slant ? labelWidth * 0.71 : 0;
        var a = Plotting.Layout.Place(Width, Height, Title, XLabel, YLabel, yTicks.Labels, legendWidth, extra);
        slot = a.Width / Math.Max(1, Categories.Count);
        var needed = slant ? Plotting.Layout.TickSize * 1.5 : labelWidth + 6;
        var every = Math.Max(1, (int)Math.Ceiling(needed / slot));

        var y = new Axis(YScale, yTicks, a.Bottom, a.Top);
        w.Open("g", ("class", "chart bar-chart"));
        Frame.Begin(w, id, a);
        for (var c = 0; c < Categories.Count; c++)
            Frame.XTick(w, a, a.Left + (c + 0.5) * slot, c, c % every == 0 ? Categories[c] : "", grid: false, rotate: slant ? -45 : 0);
        Frame.YAxis(w, a, y);
        var baseline = YScale == AxisScale.Log ? a.Bottom : Math.Clamp(y.Map(0), a.Top, a.Bottom);
        w.Open("g", ("clip-path", Frame.ClipAttribute(id)));
        var n = Math.Max(1, Series.Count);
        for (var i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var color = (s.Color ?? Palette.Series(i)).Hex;
            w.Open("g", ("class", "series"), ("data-name", s.Name), ("fill", color));
            for (var c = 0; c < Categories.Count; c++)
            {
                var (center, barWidth) = Layout switch
                {
                    BarLayout.Grouped => (a.Left + c * slot + slot * 0.1 + slot * 0.8 * (i + 0.5) / n, slot * 0.8 / n),
                    BarLayout.Overlaid => (a.Left + (c + 0.5) * slot, slot * 0.8),
                    _ => (a.Left + c * slot + slot * 0.25 + slot * 0.5 * (i + 0.5) / n, 0),
                };
                var v = s.Values[c];
                if (Axis.Drawable(v, YScale))
                {
                    var py = y.Map(v);
                    if (Layout == BarLayout.Points)
                        w.Element("circle", ("cx", SvgWriter.Num(center)), ("cy", SvgWriter.Num(py)), ("r", "4"));
                    else
                    {
                        // A bar too short to see (an inactive unit's KL) is drawn as a 2-pixel stub on its side of the baseline.
                        var height = Math.Max(Math.Abs(baseline - py), 2);
                        var top = py <= baseline ? baseline - height : baseline;
                        w.Element("rect", ("x", SvgWriter.Num(center - barWidth / 2)), ("y", SvgWriter.Num(top)),
                            ("width", SvgWriter.Num(Math.Max(barWidth - 1, 1))), ("height", SvgWriter.Num(height)));
                    }
                }
                var lo = s.Low?[c] ?? double.NaN;
                var hi = s.High?[c] ?? double.NaN;
                if (Axis.Drawable(lo, YScale) && Axis.Drawable(hi, YScale))
                {
                    var half = Math.Max(Math.Min(barWidth * 0.3, 6), 3);
                    var stroke = Layout == BarLayout.Points ? color : "#333333";
                    double yl = y.Map(lo), yh = y.Map(hi);
                    w.Element("path", ("class", "whisker"), ("stroke", stroke), ("stroke-width", "1.2"), ("fill", "none"),
                        ("d", $"M{SvgWriter.Num(center)} {SvgWriter.Num(yl)}V{SvgWriter.Num(yh)}" +
                              $"M{SvgWriter.Num(center - half)} {SvgWriter.Num(yh)}H{SvgWriter.Num(center + half)}" +
                              $"M{SvgWriter.Num(center - half)} {SvgWriter.Num(yl)}H{SvgWriter.Num(center + half)}"));
                }
            }
            w.Close("g");
        }
        w.Close("g");
        if (YScale == AxisScale.Linear && Layout != BarLayout.Points && yTicks.Min < 0 && yTicks.Max > 0)
            w.Element("line", ("x1", SvgWriter.Num(a.Left)), ("y1", SvgWriter.Num(baseline)), ("x2", SvgWriter.Num(a.Right)),
                ("y2", SvgWriter.Num(baseline)), ("stroke", "#444444"));
        Frame.Decorate(w, Width, a, Title, XLabel, YLabel, legend, legendWidth, extra);
        w.Close("g");
    }
}
