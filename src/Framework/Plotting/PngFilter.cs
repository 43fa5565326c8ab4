namespace Research.Framework.Plotting;

/// <summary>PNG row filters (PNG specification, section 9); <see cref="Adaptive"/> picks one per row.</summary>
public enum PngFilter
{
    None = 0,
    Sub = 1,
    Up = 2,
    Average = 3,
    Paeth = 4,

    /// <summary>Per row, the filter whose output has the smallest sum of absolute values (as signed bytes),
    /// the heuristic the PNG specification recommends.</summary>
    Adaptive = 5,
}

/// <summary>The arithmetic of the PNG row filters, shared by the encoder and the decoder.</summary>
internal static class PngFilters
{
    /// <summary>Paeth's predictor: whichever of left, up, upper-left is closest to left + up - upper-left.</summary>
    public static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>The predictor of byte <paramref name="i"/> of a row under <paramref name="type"/>
    /// (<paramref name="bpp"/> bytes per pixel; <paramref name="prior"/> is the previous row, zeros for the first).</summary>
    public static byte Predict(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int i, int bpp)
    {
        var a = i >= bpp ? row[i - bpp] : (byte)0;
        var b = prior[i];
        var c = i >= bpp ? prior[i - bpp] : (byte)0;
        return type switch
        {
            0 => 0,
            1 => a,
            2 => b,
            3 => (byte)((a + b) >> 1),
            4 => Paeth(a, b, c),
            _ => throw new InvalidDataException($"PNG: unknown filter type {type}"),
        };
    }
}
