namespace Research.Framework.Plotting;

/// <summary>
/// A matrix drawn as an RGB image, one <c>cellSize</c> square per entry, coloured by a <see cref="ColorMap"/>
/// between <c>min</c> and <c>max</c> (by default the finite extremes). NaN and infinite entries are grey.
/// </summary>
public static class Heatmap
{
    public static RasterImage Render(IReadOnlyList<double[]> rows, ColorMap map, int cellSize = 8, double? min = null, double? max = null)
    {
        if (rows.Count == 0 || rows[0].Length == 0) throw new ArgumentException("Heatmap: the matrix is empty");
        if (cellSize < 1) throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "Heatmap: cellSize must be at least 1");
        var columns = rows[0].Length;
        if (rows.Any(r => r.Length != columns)) throw new ArgumentException("Heatmap: rows differ in length");
        var finite = rows.SelectMany(r => r).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var lo = min ?? finite.Min();
        var hi = max ?? finite.Max();
        var range = hi > lo ? hi - lo : 1;
        int width = columns * cellSize, height = rows.Count * cellSize;
        var pixels = new byte[width * height * 3];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < columns; c++)
            {
                var v = rows[r][c];
                var color = double.IsFinite(v) ? map.At((v - lo) / range) : Palette.Muted;
                for (var y = 0; y < cellSize; y++)
                    for (var x = 0; x < cellSize; x++)
                    {
                        var i = (((r * cellSize) + y) * width + c * cellSize + x) * 3;
                        (pixels[i], pixels[i + 1], pixels[i + 2]) = (color.R, color.G, color.B);
                    }
            }
        return new RasterImage(width, height, 3, pixels);
    }
}
