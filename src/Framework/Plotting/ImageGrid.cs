namespace Research.Framework.Plotting;

/// <summary>
/// Lays out grayscale tiles (each <c>tileHeight * tileWidth</c> values in [0, 1], row-major, 0 black and
/// 1 white) into one 8-bit gray image with padding between and around tiles, optionally enlarged by an
/// integer factor (nearest neighbour). Values outside [0, 1] are clamped, NaN is drawn black.
/// </summary>
public static class ImageGrid
{
    /// <summary><paramref name="tiles"/> in rows of <paramref name="columns"/>, left to right, top to bottom.</summary>
    public static RasterImage Compose(IReadOnlyList<float[]> tiles, int tileHeight, int tileWidth, int columns,
        int padding = 2, int scale = 1, byte background = 128)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "ImageGrid: columns must be at least 1");
        var rows = Enumerable.Range(0, Math.Max(1, (tiles.Count + columns - 1) / columns))
            .Select(r => (IReadOnlyList<float[]>)tiles.Skip(r * columns).Take(columns).ToArray()).ToArray();
        return ComposeRows(rows, tileHeight, tileWidth, padding, scale, background, minColumns: columns);
    }

    /// <summary>
    /// One row of the image per entry of <paramref name="rows"/> (rows may differ in length; the image is as wide
    /// as the longest, or <paramref name="minColumns"/>). With <paramref name="groupRows"/> &gt; 0 an extra
    /// <paramref name="groupGap"/> pixels separate each group of that many rows (e.g. input/reconstruction pairs).
    /// </summary>
    public static RasterImage ComposeRows(IReadOnlyList<IReadOnlyList<float[]>> rows, int tileHeight, int tileWidth,
        int padding = 2, int scale = 1, byte background = 128, int groupRows = 0, int groupGap = 0, int minColumns = 1)
    {
        if (tileHeight < 1 || tileWidth < 1) throw new ArgumentOutOfRangeException(nameof(tileHeight), $"ImageGrid: tile size {tileHeight}x{tileWidth}");
        if (scale < 1 || padding < 0 || groupGap < 0) throw new ArgumentOutOfRangeException(nameof(scale), "ImageGrid: scale >= 1, padding and gap >= 0");
        var columns = Math.Max(minColumns, rows.Select(r => r.Count).DefaultIfEmpty(0).Max());
        var rowCount = Math.Max(1, rows.Count);
        int th = tileHeight * scale, tw = tileWidth * scale;
        var gaps = groupRows > 0 ? (rowCount - 1) / groupRows : 0;
        var width = padding + columns * (tw + padding);
        var height = padding + rowCount * (th + padding) + gaps * groupGap;
        var image = RasterImage.Filled(width, height, 1, background);
        var pixels = image.Pixels;
        for (var r = 0; r < rows.Count; r++)
        {
            var top = padding + r * (th + padding) + (groupRows > 0 ? r / groupRows * groupGap : 0);
            for (var c = 0; c < rows[r].Count; c++)
            {
                var tile = rows[r][c];
                if (tile.Length != tileHeight * tileWidth)
                    throw new ArgumentException($"ImageGrid: tile ({r}, {c}) has {tile.Length} values, expected {tileHeight}x{tileWidth}");
                var left = padding + c * (tw + padding);
                for (var y = 0; y < th; y++)
                {
                    var src = y / scale * tileWidth;
                    var dst = (top + y) * width + left;
                    for (var x = 0; x < tw; x++) pixels[dst + x] = ToByte(tile[src + x / scale]);
                }
            }
        }
        return image;
    }

    /// <summary>A value in [0, 1] as a gray level; NaN is black.</summary>
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
}
