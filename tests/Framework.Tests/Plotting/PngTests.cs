using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Research.Framework.IO;
using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class PngTests
{
    private static RasterImage RandomImage(int width, int height, int channels, int seed, bool smooth = false)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = smooth ? (byte)((i / channels % width) * 3 + (i / channels / width) * 2 + rng.Next(3)) : (byte)rng.Next(256);
        return new RasterImage(width, height, channels, pixels);
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var z = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    [Test]
    public void Encode_KnownImage_SignatureChunksAndCrcs()
    {
        var png = PngEncoder.Encode(new RasterImage(3, 2, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 128, 128, 128, 128, 128, 128]));
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }));
        var chunks = PngDecoder.ReadChunks(png);
        Assert.That(chunks.Select(c => c.Type), Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
        Assert.That(chunks.All(c => c.CrcMatches));
        Assert.That(chunks[^1].Crc, Is.EqualTo(0xAE426082u), "the well-known CRC of an empty IEND");
        Assert.That(chunks[0].Data, Is.EqualTo(new byte[] { 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0 }));
        // Every chunk's CRC covers type and data, computed here independently of the decoder's check.
        var pos = 8;
        foreach (var c in chunks)
        {
            var crc = Crc32.Append(Crc32.Compute(Encoding.ASCII.GetBytes(c.Type)), c.Data);
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + c.Data.Length)), Is.EqualTo(crc));
            pos += 12 + c.Data.Length;
        }
        Assert.That(pos, Is.EqualTo(png.Length));
        Assert.That(Inflate(chunks[1].Data), Has.Length.EqualTo(2 * (1 + 3 * 3)), "inflated size: a filter byte plus the row per row");
    }

    [Test]
    public void Decode_KnownImage_RoundTripsPixelForPixel()
    {
        byte[] pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 128, 128, 128, 128, 128, 128];
        var decoded = PngDecoder.Decode(PngEncoder.Encode(new RasterImage(3, 2, 3, pixels)));
        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((3, 2, 3)));
        Assert.That(decoded.Pixels, Is.EqualTo(pixels));
        Assert.That(decoded[1, 0, 1], Is.EqualTo(255));
    }

    [Test]
    public void Decode_FileWrittenByLibpng_ReadsItsPixelsAndSkipsAncillaryChunks()
    {
        // rsvg-convert (cairo, libpng) rendering of a 3x2 SVG: red, green, blue over a grey row; it carries
        // a bKGD chunk and filters its rows with types 0 and 1.
        var png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAABmJLR0QA/wD/AP+gvaeTAAAAGElEQVQImQXBAQEAAAjDIGz+5hOE0G0DHjjxBH9ARtYZAAAAAElFTkSuQmCC");
        var image = PngDecoder.Decode(png);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((3, 2, 3)));
        Assert.That(image.Pixels, Is.EqualTo(new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 128, 128, 128, 128, 128, 128 }));
    }

    [Test]
    public void RoundTrip_EveryFilterAndChannelCount_IsExact(
        [Values(PngFilter.None, PngFilter.Sub, PngFilter.Up, PngFilter.Average, PngFilter.Paeth, PngFilter.Adaptive)] PngFilter filter,
        [Values(1, 2, 3, 4)] int channels)
    {
        var image = RandomImage(17, 9, channels, seed: channels * 10 + (int)filter);
        var png = PngEncoder.Encode(image, filter);
        var decoded = PngDecoder.Decode(png);
        Assert.That(decoded.SamePixels(image));
        var rows = Inflate(PngDecoder.ReadChunks(png).Single(c => c.Type == "IDAT").Data);
        Assert.That(rows, Has.Length.EqualTo(9 * (1 + 17 * channels)));
        if (filter != PngFilter.Adaptive)
            for (var y = 0; y < 9; y++) Assert.That(rows[y * (1 + 17 * channels)], Is.EqualTo((byte)filter));
    }

    [Test]
    public void Encode_Adaptive_UsesSeveralFiltersOnSmoothImages()
    {
        var image = RandomImage(64, 64, 3, seed: 5, smooth: true);
        var png = PngEncoder.Encode(image);
        var rows = Inflate(PngDecoder.ReadChunks(png).Single(c => c.Type == "IDAT").Data);
        var types = Enumerable.Range(0, 64).Select(y => rows[y * (1 + 64 * 3)]).Distinct().ToList();
        Assert.That(types, Has.Count.GreaterThan(1));
        Assert.That(png.Length, Is.LessThan(PngEncoder.Encode(image, PngFilter.None).Length));
        Assert.That(PngDecoder.Decode(png).SamePixels(image));
    }

    [Test]
    public void Encode_LargeImage_SplitsIdatAndDecodes()
    {
        var image = RandomImage(300, 300, 3, seed: 9);
        var png = PngEncoder.Encode(image);
        var idats = PngDecoder.ReadChunks(png).Where(c => c.Type == "IDAT").ToList();
        Assert.That(idats, Has.Count.GreaterThan(1));
        Assert.That(idats.All(c => c.Data.Length <= 65536));
        Assert.That(PngDecoder.Decode(png).SamePixels(image));
    }

    [Test]
    public void Decode_CorruptByte_FailsWithCrcMismatch()
    {
        var png = PngEncoder.Encode(RandomImage(8, 8, 1, seed: 2));
        png[8 + 8 + 13 + 4 + 8 + 2] ^= 0x40; // inside the IDAT data
        Assert.That(() => PngDecoder.Decode(png), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("CRC mismatch in chunk IDAT"));
    }

    [Test]
    public void Decode_BadSignatureOrTruncation_Fails()
    {
        var png = PngEncoder.Encode(RandomImage(8, 8, 1, seed: 2));
        var bad = (byte[])png.Clone();
        bad[1] = (byte)'X';
        Assert.That(() => PngDecoder.Decode(bad), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("signature"));
        Assert.That(() => PngDecoder.Decode(png[..^20]), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        Assert.That(() => PngDecoder.Decode(png[..^12]), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("IEND"));
    }

    [Test]
    public void Decode_WrongInflatedSize_Fails()
    {
        // A valid file whose IHDR claims one more row than the data holds.
        var png = PngEncoder.Encode(RandomImage(8, 8, 1, seed: 2));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(8 + 8 + 4), 9);
        var crc = Crc32.Compute(png.AsSpan(8 + 4, 4 + 13));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8 + 8 + 13), crc);
        Assert.That(() => PngDecoder.Decode(png), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("inflates to 72 bytes"));
    }

    [Test]
    public void RasterImage_WrongPixelCount_Throws() =>
        Assert.That(() => new RasterImage(2, 2, 3, new byte[11]), Throws.ArgumentException.With.Message.Contains("expected 12"));
}
