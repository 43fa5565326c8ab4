using SkiaSharp;

namespace Research.Framework.Plotting;

/// <summary>
/// The pixels of a PNG (decoded by SkiaSharp), for checking rendered figures: size, how much is drawn
/// on the white background, and whether a region holds dark pixels such as text.
/// </summary>
public sealed record PngPixels(int Width, int Height, SKColor[] Pixels)
{
    public static PngPixels Decode(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new ArgumentException("PngPixels: not a decodable image");
        return new PngPixels(bitmap.Width, bitmap.Height, bitmap.Pixels);
    }

    public SKColor this[int x, int y] => Pixels[y * Width + x];

    /// <summary>The share of pixels that are not (near) white.</summary>
    public double InkFraction => Pixels.Count(p => p.Red < 245 || p.Green < 245 || p.Blue < 245) / (double)Pixels.Length;

    /// <summary>The number of distinct colours (a blank or one-colour image has one).</summary>
    public int Colours => Pixels.Distinct().Count();

    /// <summary>Dark grey-to-black pixels (text, axes) in rows [top, bottom) and columns [left, right).</summary>
    public int DarkPixels(int left, int top, int right, int bottom)
    {
        var count = 0;
        for (var y = Math.Max(top, 0); y < Math.Min(bottom, Height); y++)
            for (var x = Math.Max(left, 0); x < Math.Min(right, Width); x++)
            {
                var p = this[x, y];
                if (p.Red < 110 && p.Green < 110 && p.Blue < 110) count++;
            }
        return count;
    }
}
