using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Research.Framework.IO;

namespace Research.Framework.Plotting;

/// <summary>
/// Reads PNG files of the kind <see cref="PngEncoder"/> writes and most tools write: 8 bits per channel,
/// colour types 0, 2, 4, 6, no interlace, all five row filters. Checks the signature, every chunk's
/// CRC, the chunk order and the inflated size; anything else is an <see cref="InvalidDataException"/>
/// that says what is wrong (or <see cref="NotSupportedException"/> for valid features it does not read).
/// </summary>
public static class PngDecoder
{
    /// <summary>The chunks of <paramref name="png"/> in file order, after the signature.</summary>
    public static IReadOnlyList<PngChunk> ReadChunks(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(PngEncoder.Signature))
            throw new InvalidDataException("PNG: the signature is missing (not a PNG file)");
        var chunks = new List<PngChunk>();
        var pos = 8;
        while (pos < png.Length)
        {
            if (png.Length - pos < 12) throw new InvalidDataException($"PNG: truncated chunk header at byte {pos}");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > int.MaxValue || png.Length - pos - 12 < length)
                throw new InvalidDataException($"PNG: chunk at byte {pos} claims {length} bytes, the file is truncated");
            var type = png.Slice(pos + 4, 4);
            var data = png.Slice(pos + 8, (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            var actual = Crc32.Append(Crc32.Compute(type), data);
            chunks.Add(new PngChunk(Encoding.ASCII.GetString(type), data.ToArray(), stored, stored == actual));
            pos += 12 + (int)length;
            if (chunks[^1].Type == "IEND") break;
        }
        return chunks;
    }

    /// <summary>Decodes <paramref name="png"/> into an image of 1 to 4 channels.</summary>
    public static RasterImage Decode(ReadOnlySpan<byte> png)
    {
        var chunks = ReadChunks(png);
        foreach (var c in chunks)
            if (!c.CrcMatches) throw new InvalidDataException($"PNG: CRC mismatch in chunk {c.Type} (corrupt file)");
        if (chunks.Count == 0 || chunks[0].Type != "IHDR" || chunks[0].Data.Length != 13)
            throw new InvalidDataException("PNG: the first chunk must be a 13-byte IHDR");
        if (chunks[^1].Type != "IEND") throw new InvalidDataException("PNG: no IEND chunk (truncated file)");
        var h = chunks[0].Data;
        var width = BinaryPrimitives.ReadInt32BigEndian(h);
        var height = BinaryPrimitives.ReadInt32BigEndian(h.AsSpan(4));
        int depth = h[8], colorType = h[9], compression = h[10], filterMethod = h[11], interlace = h[12];
        if (width < 1 || height < 1) throw new InvalidDataException($"PNG: invalid size {width}x{height}");
        if (compression != 0 || filterMethod != 0) throw new InvalidDataException("PNG: unknown compression or filter method");
        if (depth != 8) throw new NotSupportedException($"PNG: bit depth {depth} (only 8 is read)");
        if (interlace != 0) throw new NotSupportedException("PNG: interlaced images are not read");
        var channels = colorType switch
        {
            0 => 1,
            4 => 2,
            2 => 3,
            6 => 4,
            3 => throw new NotSupportedException("PNG: palette images (colour type 3) are not read"),
            _ => throw new InvalidDataException($"PNG: invalid colour type {colorType}"),
        };

        var stride = (long)width * channels;
        var expected = height * (stride + 1);
        if (expected > int.MaxValue) throw new NotSupportedException($"PNG: {width}x{height} is too large");
        using var compressed = new MemoryStream();
        foreach (var c in chunks.Where(c => c.Type == "IDAT")) compressed.Write(c.Data);
        if (compressed.Length == 0) throw new InvalidDataException("PNG: no IDAT chunk");
        compressed.Position = 0;
        var raw = new byte[expected];
        int got;
        try
        {
            using var z = new ZLibStream(compressed, CompressionMode.Decompress);
            got = ReadFully(z, raw);
            if (got == raw.Length && z.ReadByte() >= 0)
                throw new InvalidDataException($"PNG: image data inflates to more than the {expected} bytes of a {width}x{height} image");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("PNG:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"PNG: the image data is not valid zlib ({e.Message})", e);
        }
        if (got != raw.Length)
            throw new InvalidDataException($"PNG: image data inflates to {got} bytes, a {width}x{height} image needs {expected}");

        var pixels = new byte[height * stride];
        var zeros = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var type = raw[y * (stride + 1)];
            if (type > 4) throw new InvalidDataException($"PNG: row {y} has filter type {type} (0 to 4 are defined)");
            var filtered = raw.AsSpan((int)(y * (stride + 1) + 1), (int)stride);
            var row = pixels.AsSpan((int)(y * stride), (int)stride);
            ReadOnlySpan<byte> prior = y == 0 ? zeros : pixels.AsSpan((int)((y - 1) * stride), (int)stride);
            for (var i = 0; i < row.Length; i++)
                row[i] = (byte)(filtered[i] + PngFilters.Predict(type, row, prior, i, channels));
        }
        return new RasterImage(width, height, channels, pixels);
    }

    private static int ReadFully(Stream s, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = s.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
