using ScottPlot;
using SkiaSharp;

namespace Research.Framework.Plotting;

/// <summary>
/// Renders ScottPlot plots into one figure: a grid of equally sized panels under an optional title,
/// on a white background, as PNG bytes and (for charts) an SVG document drawn by the same calls.
/// </summary>
public static partial class FigureCanvas
{
    private const float TitleHeight = 34, TitleSize = 17;

    /// <summary>One plot as a whole figure.</summary>
    public static FigureImage Render(Plot plot, int width, int height, bool svg = true) =>
        Render([plot], width, height, columns: 1, title: null, svg);

    /// <summary>
    /// <paramref name="panels"/> left to right and top to bottom, <paramref name="columns"/> per row, each
    /// <paramref name="panelWidth"/> x <paramref name="panelHeight"/> pixels, under <paramref name="title"/>.
    /// </summary>
    public static FigureImage Render(IReadOnlyList<Plot> panels, int panelWidth, int panelHeight, int columns, string? title, bool svg = true) =>
        Render(panels.Select(p => (p, panelWidth)).ToArray(), panelHeight, columns, title, svg);

    /// <summary>Panels of their own widths (one height), <paramref name="columns"/> per row.</summary>
    public static FigureImage Render(IReadOnlyList<(Plot Plot, int Width)> panels, int panelHeight, int columns, string? title, bool svg = true)
    {
        if (panels.Count == 0) throw new ArgumentException("FigureCanvas: no panels");
        FigureFont.EnsureRegistered();
        columns = Math.Clamp(columns, 1, panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var top = title is null ? 0f : TitleHeight;
        var rowWidths = Enumerable.Range(0, rows).Select(r => panels.Skip(r * columns).Take(columns).Sum(p => p.Width)).ToArray();
        var width = rowWidths.Max();
        var height = (int)top + rows * panelHeight;

        void Draw(SKCanvas canvas)
        {
            canvas.Clear(SKColors.White);
            if (title is not null)
            {
                using var typeface = FigureFont.CreateTypeface();
                using var font = new SKFont(typeface, TitleSize) { Edging = SKFontEdging.Antialias };
                using var paint = new SKPaint { Color = new SKColor(34, 34, 34), IsAntialias = true };
                canvas.DrawText(title, width / 2f, TitleHeight - 10, SKTextAlign.Center, font, paint);
            }
            for (var i = 0; i < panels.Count; i++)
            {
                var (row, column) = (i / columns, i % columns);
                var left = (float)panels.Skip(row * columns).Take(column).Sum(p => p.Width);
                var y = top + row * panelHeight;
                // A plot clears its canvas before drawing: the clip keeps it to its own panel.
                canvas.Save();
                canvas.ClipRect(SKRect.Create(left, y, panels[i].Width, panelHeight));
                panels[i].Plot.Render(canvas, new PixelRect(left, left + panels[i].Width, y + panelHeight, y));
                canvas.Restore();
            }
        }

        byte[] png;
        using (var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            Draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            png = data.ToArray();
        }
        string? document = null;
        if (svg)
        {
            using var stream = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream)) Draw(canvas);
            document = NumberIds(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        return new FigureImage(png, document, width, height);
    }

    /// <summary>
    /// Skia names clip paths from a process-wide counter (<c>cl_f</c>, <c>cl_9</c>): renumbered in order of
    /// appearance, the same figure is the same document however many were drawn before it.
    /// </summary>
    private static string NumberIds(string svg)
    {
        var ids = new Dictionary<string, string>();
        foreach (System.Text.RegularExpressions.Match m in IdPattern().Matches(svg))
            ids.TryAdd(m.Groups[1].Value, $"clip{ids.Count}");
        return ids.Count == 0 ? svg : ReferencePattern().Replace(svg, m => ids.TryGetValue(m.Groups[2].Value, out var id) ? m.Groups[1].Value + id : m.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex("id=\"(cl_[0-9a-f]+)\"")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"(id=""|url\(#)(cl_[0-9a-f]+)")]
    private static partial System.Text.RegularExpressions.Regex ReferencePattern();
}
