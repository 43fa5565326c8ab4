using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Research.Framework.IO;

namespace Research.Framework.Plotting;

/// <summary>
/// Writes a <see cref="RasterImage"/> as a PNG file (8 bits per channel, no interlace): signature, IHDR,
/// zlib-compressed filtered rows in IDAT chunks of at most 64 KiB, IEND; each chunk with its CRC-32.
/// </summary>
/// <remarks>PNG (Portable Network Graphics) Specification, Second Edition, W3C Recommendation (2003);
/// zlib is RFC 1950 around DEFLATE (RFC 1951).</remarks>
public static class PngEncoder
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const int MaxIdatLength = 1 << 16;

    /// <summary>The PNG file of <paramref name="image"/>; <paramref name="filter"/> is for tests (the
    /// default picks per row).</summary>
    public static byte[] Encode(RasterImage image, PngFilter filter = PngFilter.Adaptive)
    {
        using var file = new MemoryStream();
        file.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = ColorType(image.Channels);
        // compression 0 (deflate), filter method 0 (adaptive, five types), interlace 0 (none)
        WriteChunk(file, "IHDR", header);
        var idat = Compress(FilteredRows(image, filter));
        var offset = 0;
        do
        {
            var length = Math.Min(MaxIdatLength, idat.Length - offset);
            WriteChunk(file, "IDAT", idat.AsSpan(offset, length));
            offset += length;
        } while (offset < idat.Length);
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>The PNG colour type for a channel count: 0 gray, 4 gray+alpha, 2 RGB, 6 RGBA.</summary>
    internal static byte ColorType(int channels) => channels switch
    {
        1 => 0,
        2 => 4,
        3 => 2,
        4 => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG: 1 to 4 channels"),
    };

    /// <summary>Each row as its filter type byte followed by the filtered bytes.</summary>
    private static byte[] FilteredRows(RasterImage image, PngFilter filter)
    {
        var bpp = image.Channels;
        var stride = image.Width * bpp;
        var output = new byte[(long)image.Height * (stride + 1)];
        var zeros = new byte[stride];
        var candidate = new byte[stride];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Pixels.AsSpan(y * stride, stride);
            var prior = y == 0 ? zeros : image.Pixels.AsSpan((y - 1) * stride, stride);
            var target = output.AsSpan(y * (stride + 1), stride + 1);
            if (filter != PngFilter.Adaptive)
            {
                target[0] = (byte)filter;
                Apply((int)filter, row, prior, target[1..], bpp);
                continue;
            }
            var best = long.MaxValue;
            for (var type = 0; type <= 4; type++)
            {
                Apply(type, row, prior, candidate, bpp);
                long score = 0;
                foreach (var b in candidate) score += Math.Abs((int)(sbyte)b);
                if (score >= best) continue;
                best = score;
                target[0] = (byte)type;
                candidate.CopyTo(target[1..]);
            }
        }
        return output;
    }

    private static void Apply(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, Span<byte> output, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
            output[i] = (byte)(row[i] - PngFilters.Predict(type, row, prior, i, bpp));
    }

    private static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(data);
        return buffer.ToArray();
    }

    private static void WriteChunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        file.Write(word);
    }
}
