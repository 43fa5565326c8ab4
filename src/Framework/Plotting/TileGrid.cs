using ScottPlot;

namespace Research.Framework.Plotting;

/// <summary>
/// Grayscale tiles in labelled rows: the figure of samples, reconstructions, traversals and
/// interpolations. The tiles become one ScottPlot heatmap (values in [0, 1], ink white on black, one
/// image pixel to <c>Scale x Scale</c> figure pixels, no smoothing), rows and columns are labelled by
/// the axes' ticks, and chosen tiles can be framed in colour.
/// </summary>
public sealed record TileGrid(string Title, IReadOnlyList<IReadOnlyList<float[]>> Rows, int TileHeight, int TileWidth)
{
    /// <summary>One label per row, left of it (none when null).</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>One label per column, under the grid (none when null).</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";

    /// <summary>Tiles framed in colour, as (row, column).</summary>
    public IReadOnlyList<(int Row, int Column)> Framed { get; init; } = [];

    public int Scale { get; init; } = 2;
    public int Gap { get; init; } = 2;

    /// <summary>Rows in groups of this many, groups set apart by <see cref="GroupGap"/> (input above reconstruction).</summary>
    public int GroupRows { get; init; } = 1;
    public int GroupGap { get; init; } = 2;

    /// <summary>The figure as PNG (no SVG: it would only embed the pixels).</summary>
    public FigureImage Render()
    {
        if (Rows.Count == 0 || Rows.All(r => r.Count == 0)) throw new ArgumentException("TileGrid: no images");
        var size = TileHeight * TileWidth;
        if (Rows.Any(r => r.Any(image => image.Length != size)))
            throw new ArgumentException($"TileGrid: an image is not {TileHeight}x{TileWidth}");
        var columns = Rows.Max(r => r.Count);
        var width = columns * TileWidth + (columns - 1) * Gap;
        var rowTops = new int[Rows.Count];
        for (var r = 1; r < Rows.Count; r++)
            rowTops[r] = rowTops[r - 1] + TileHeight + (r % Math.Max(GroupRows, 1) == 0 ? GroupGap : Gap);
        var height = rowTops[^1] + TileHeight;

        // Gaps are NaN, drawn in the figure's background colour.
        var cells = new double[height, width];
        for (var y = 0; y < height; y++) for (var x = 0; x < width; x++) cells[y, x] = double.NaN;
        for (var r = 0; r < Rows.Count; r++)
            for (var c = 0; c < Rows[r].Count; c++)
                for (var y = 0; y < TileHeight; y++)
                    for (var x = 0; x < TileWidth; x++)
                    {
                        var v = Rows[r][c][y * TileWidth + x];
                        cells[rowTops[r] + y, c * (TileWidth + Gap) + x] = float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f);
                    }

        var plot = Plots.Create(Title, XLabel, YLabel);
        plot.Grid.IsVisible = false;
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.White;
        heatmap.Smooth = false;
        // Image rows run downwards: cell (y, x) covers [x, x + 1] x [height - y - 1, height - y].
        heatmap.Extent = new CoordinateRect(0, width, 0, height);
        foreach (var (row, column) in Framed)
        {
            var left = column * (TileWidth + Gap) - 0.5;
            var top = height - rowTops[row] + 0.5;
            var frame = plot.Add.Rectangle(left, left + TileWidth + 1, top - TileHeight - 1, top);
            frame.FillStyle.Color = Colors.Transparent;
            frame.LineStyle.Color = Color.FromHex("#D55E00");
            frame.LineStyle.Width = 2;
        }
        plot.Axes.SetLimits(-1, width + 1, -1, height + 1);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Top, plot.Axes.Right })
        {
            axis.FrameLineStyle.Width = 0;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        Plots.ManualTicks(plot.Axes.Left, RowLabels is null ? [] : rowTops.Select(t => height - t - TileHeight / 2.0).ToArray(), RowLabels ?? []);
        Plots.ManualTicks(plot.Axes.Bottom, ColumnLabels is null ? [] : Enumerable.Range(0, ColumnLabels.Count).Select(c => c * (TileWidth + Gap) + TileWidth / 2.0).ToArray(), ColumnLabels ?? []);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;

        // The data area is the grid at Scale pixels per image pixel; the margins hold the labels.
        var leftMargin = RowLabels is null ? 12 : 22 + 7 * RowLabels.Max(l => l.Length) + (YLabel.Length > 0 ? 24 : 0);
        var bottomMargin = (ColumnLabels is null ? 12 : 30) + (XLabel.Length > 0 ? 24 : 0);
        const int topMargin = 40, rightMargin = 16;
        var dataWidth = (width + 2) * Scale;
        var titleWidth = (int)(Title.Length * 8.5) + 20;
        var extra = Math.Max(0, titleWidth - (dataWidth + leftMargin + rightMargin));
        plot.Layout.Fixed(new PixelPadding(leftMargin + extra / 2, rightMargin + extra - extra / 2, bottomMargin, topMargin));
        return FigureCanvas.Render(plot, dataWidth + leftMargin + rightMargin + extra, (height + 2) * Scale + topMargin + bottomMargin, svg: false);
    }
}
