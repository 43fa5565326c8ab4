namespace Research.Framework.Plotting;

/// <summary>Draws a legend as a column of entries; entries that do not fit are summarized in a last line.</summary>
internal static class Legend
{
    public const double FontSize = 11;
    public const double RowHeight = 16;
    private const double SymbolWidth = 22;
    private const double TextLeft = 6 + SymbolWidth + 6;

    /// <summary>The width the legend needs, at most <paramref name="maxWidth"/>.</summary>
    public static double Width(IReadOnlyList<LegendEntry> entries, double maxWidth)
    {
        if (entries.Count == 0) return 0;
        return Math.Min(maxWidth, TextLeft + entries.Max(e => Layout.TextWidth(e.Label, FontSize)) + 6);
    }

    public static void Draw(SvgWriter w, double x, double y, double width, double maxHeight, IReadOnlyList<LegendEntry> entries)
    {
        if (entries.Count == 0) return;
        var fit = Math.Max(1, (int)Math.Floor((maxHeight - 8) / RowHeight));
        var shown = entries.Count <= fit ? entries.Count : fit - 1;
        var rows = shown + (shown < entries.Count ? 1 : 0);
        w.Open("g", ("class", "legend"));
        w.Element("rect", ("x", SvgWriter.Num(x)), ("y", SvgWriter.Num(y)), ("width", SvgWriter.Num(width)),
            ("height", SvgWriter.Num(rows * RowHeight + 8)), ("fill", "#ffffff"), ("stroke", "#cccccc"), ("rx", "3"));
        for (var i = 0; i < shown; i++)
        {
            var e = entries[i];
            var cy = y + 4 + RowHeight * i + RowHeight / 2;
            var sx = x + 6;
            w.Open("g", ("class", "legend-entry"));
            switch (e.Symbol)
            {
                case LegendSymbol.Line or LegendSymbol.LineAndMarker:
                    w.Element("line", ("x1", SvgWriter.Num(sx)), ("y1", SvgWriter.Num(cy)), ("x2", SvgWriter.Num(sx + SymbolWidth)),
                        ("y2", SvgWriter.Num(cy)), ("stroke", e.Color.Hex), ("stroke-width", "2"), ("stroke-dasharray", e.Dash));
                    if (e.Symbol == LegendSymbol.LineAndMarker)
                        w.Element("circle", ("cx", SvgWriter.Num(sx + SymbolWidth / 2)), ("cy", SvgWriter.Num(cy)), ("r", "3"), ("fill", e.Color.Hex));
                    break;
                case LegendSymbol.Marker:
                    w.Element("circle", ("cx", SvgWriter.Num(sx + SymbolWidth / 2)), ("cy", SvgWriter.Num(cy)), ("r", "4"), ("fill", e.Color.Hex));
                    break;
                default:
                    w.Element("rect", ("x", SvgWriter.Num(sx + 4)), ("y", SvgWriter.Num(cy - 5)), ("width", "14"), ("height", "10"), ("fill", e.Color.Hex));
                    break;
            }
            w.Text(x + TextLeft, cy + FontSize * 0.35, Layout.Fit(e.Label, width - TextLeft - 4, FontSize), FontSize);
            w.Close("g");
        }
        if (shown < entries.Count)
            w.Text(x + 6, y + 4 + RowHeight * shown + RowHeight / 2 + FontSize * 0.35,
                $"... and {entries.Count - shown} more", FontSize, fill: "#666666");
        w.Close("g");
    }
}
