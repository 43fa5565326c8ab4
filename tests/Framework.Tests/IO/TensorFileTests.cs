using Research.Framework.IO;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.IO;

public class TensorFileTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("tensorfile").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string WriteSample()
    {
        var path = Path.Combine(_dir, "p.bin");
        TensorFile.Write(path, [("a.weight", Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], new Shape(2, 3))), ("b", Tensor.FromArray([float.NaN, -0f]))]);
        return path;
    }

    [Test]
    public void Write_ThenRead_RoundTripsNamesShapesAndBits()
    {
        var entries = TensorFile.Read(WriteSample());
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "a.weight", "b" }));
        Assert.That(entries[0].Shape, Is.EqualTo(new Shape(2, 3)));
        Assert.That(entries[0].Values, Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f, 6f }));
        Assert.That(float.IsNaN(entries[1].Values[0]) && float.IsNegative(entries[1].Values[1]), Is.True);
    }

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(30)]
    public void Read_TruncatedFile_SaysTruncatedOrCorrupt(int cut)
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]);
        var ex = Assert.Throws<InvalidDataException>(() => TensorFile.Read(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("truncated or corrupt"));
    }

    [Test]
    public void Read_FlippedByte_FailsTheChecksum()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        bytes[30] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Assert.That(() => TensorFile.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("checksum"));
    }

    [Test]
    public void Read_ForeignFile_SaysNotATensorFile()
    {
        var path = Path.Combine(_dir, "foreign.bin");
        File.WriteAllText(path, "PK\u0003\u0004 this is a zip, not ours");
        Assert.That(() => TensorFile.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("bad magic"));
    }

    [Test]
    public void Read_FutureVersion_SaysWhichVersion()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        bytes[8] = 9;
        File.WriteAllBytes(path, bytes);
        Assert.That(() => TensorFile.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("version 9"));
    }

    [Test]
    public void Crc32_OfCheckString_IsTheStandardCheckValue() =>
        // The CRC-32/ISO-HDLC catalogue check value for the ASCII string "123456789".
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
}
