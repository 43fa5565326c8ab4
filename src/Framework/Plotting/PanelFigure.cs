namespace Research.Framework.Plotting;

/// <summary>
/// Several charts in one SVG, in rows of <see cref="Columns"/> panels, under an optional title: for
/// quantities on different scales (bound, reconstruction, KL) that belong to one picture.
/// Each panel keeps its own size.
/// </summary>
public sealed record PanelFigure(string Title, IReadOnlyList<Chart> Panels, int Columns)
{
    /// <summary>The figure as an SVG document; each panel is a nested <c>svg</c> element.</summary>
    public string ToSvg()
    {
        if (Columns < 1) throw new ArgumentOutOfRangeException(nameof(Columns), Columns, "PanelFigure needs at least one column");
        var rows = (Panels.Count + Columns - 1) / Columns;
        var top = string.IsNullOrEmpty(Title) ? 0 : 34.0;
        var colWidths = Enumerable.Range(0, Columns)
            .Select(c => Panels.Where((_, i) => i % Columns == c).Select(p => p.Width).DefaultIfEmpty(0).Max()).ToArray();
        var rowHeights = Enumerable.Range(0, rows)
            .Select(r => Panels.Skip(r * Columns).Take(Columns).Max(p => p.Height)).ToArray();
        var width = Math.Max(colWidths.Sum(), 100);
        var height = top + rowHeights.Sum();
        var w = new SvgWriter().BeginDocument(width, height);
        if (top > 0) w.Text(width / 2, 24, Title, 17, "middle", "figure-title", weight: "bold");
        var y = top;
        for (var r = 0; r < rows; r++)
        {
            var x = 0.0;
            for (var c = 0; c < Columns && r * Columns + c < Panels.Count; c++)
            {
                var p = Panels[r * Columns + c];
                w.Open("svg", ("class", "panel"), ("x", SvgWriter.Num(x)), ("y", SvgWriter.Num(y)), ("width", SvgWriter.Num(p.Width)),
                    ("height", SvgWriter.Num(p.Height)), ("viewBox", $"0 0 {SvgWriter.Num(p.Width)} {SvgWriter.Num(p.Height)}"));
                p.Render(w, $"p{r * Columns + c}");
                w.Close("svg");
                x += colWidths[c];
            }
            y += rowHeights[r];
        }
        return w.EndDocument();
    }
}
