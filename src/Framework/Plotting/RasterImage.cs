namespace Research.Framework.Plotting;

/// <summary>
/// An 8-bit image: <see cref="Channels"/> is 1 (gray), 2 (gray and alpha), 3 (RGB) or 4 (RGBA);
/// <see cref="Pixels"/> holds rows top to bottom, channels interleaved.
/// </summary>
public sealed record RasterImage
{
    public RasterImage(int width, int height, int channels, byte[] pixels)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"RasterImage: size {width}x{height} must be at least 1x1");
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "RasterImage: channels must be 1 to 4");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"RasterImage: {pixels.Length} bytes for {width}x{height}x{channels} (expected {(long)width * height * channels})");
        (Width, Height, Channels, Pixels) = (width, height, channels, pixels);
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    /// <summary>A blank image filled with <paramref name="value"/> in every channel.</summary>
    public static RasterImage Filled(int width, int height, int channels, byte value)
    {
        var pixels = new byte[(long)width * height * channels];
        Array.Fill(pixels, value);
        return new RasterImage(width, height, channels, pixels);
    }

    /// <summary>The value of channel <paramref name="c"/> at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y, int c = 0] => Pixels[((long)y * Width + x) * Channels + c];

    /// <summary>Whether both images have the same size, channels and pixel bytes.</summary>
    public bool SamePixels(RasterImage other) =>
        Width == other.Width && Height == other.Height && Channels == other.Channels && Pixels.AsSpan().SequenceEqual(other.Pixels);
}
