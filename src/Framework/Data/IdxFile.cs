using System.Buffers.Binary;
using System.IO.Compression;

namespace Research.Framework.Data;

/// <summary>The element types an IDX file can hold (the third byte of its magic number).</summary>
public enum IdxType : byte { UInt8 = 0x08, Int8 = 0x09, Int16 = 0x0B, Int32 = 0x0C, Float32 = 0x0D, Float64 = 0x0E }

/// <summary>An IDX array: its dimensions and its values widened to float.</summary>
public sealed record IdxArray(IdxType Type, int[] Dimensions, float[] Values)
{
    /// <summary>Elements per item: the product of all dimensions but the first.</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);

    public int Count => Dimensions.Length == 0 ? 0 : Dimensions[0];
}

/// <summary>
/// Reader for the IDX format of LeCun's MNIST distribution: two zero bytes, a type byte, a
/// dimension count, big-endian int32 dimensions, then big-endian values. Gzipped files (.gz)
/// are inflated on the fly.
/// </summary>
public static class IdxFile
{
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.GetBuffer().AsSpan(0, (int)memory.Length), path);
    }

    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        InvalidDataException Bad(string what) => new($"{source}: not a valid IDX file: {what}.");
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0) throw Bad("the magic number must start with two zero bytes");
        var type = (IdxType)bytes[2];
        if (!Enum.IsDefined(type)) throw Bad($"unknown element type 0x{bytes[2]:X2}");
        var rank = bytes[3];
        if (bytes.Length < 4 + 4 * rank) throw Bad("the header is truncated");
        var dims = new int[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (dims[i] < 0) throw Bad($"dimension {i} is negative ({dims[i]})");
            count *= dims[i];
        }
        var width = ElementWidth(type);
        var body = bytes[(4 + 4 * rank)..];
        if (body.Length != count * width)
            throw Bad($"dimensions [{string.Join(", ", dims)}] need {count * width} bytes of data but the file has {body.Length}");
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            var e = body.Slice(i * width, width);
            values[i] = type switch
            {
                IdxType.UInt8 => e[0],
                IdxType.Int8 => (sbyte)e[0],
                IdxType.Int16 => BinaryPrimitives.ReadInt16BigEndian(e),
                IdxType.Int32 => BinaryPrimitives.ReadInt32BigEndian(e),
                IdxType.Float32 => BinaryPrimitives.ReadSingleBigEndian(e),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(e),
            };
        }
        return new IdxArray(type, dims, values);
    }

    /// <summary>Writes an IDX file (used for test fixtures and for exporting data).</summary>
    public static byte[] Encode(IdxType type, int[] dims, ReadOnlySpan<float> values)
    {
        var width = ElementWidth(type);
        var bytes = new byte[4 + 4 * dims.Length + values.Length * width];
        bytes[2] = (byte)type;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        var body = bytes.AsSpan(4 + 4 * dims.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var e = body.Slice(i * width, width);
            switch (type)
            {
                case IdxType.UInt8: e[0] = (byte)values[i]; break;
                case IdxType.Int8: e[0] = (byte)(sbyte)values[i]; break;
                case IdxType.Int16: BinaryPrimitives.WriteInt16BigEndian(e, (short)values[i]); break;
                case IdxType.Int32: BinaryPrimitives.WriteInt32BigEndian(e, (int)values[i]); break;
                case IdxType.Float32: BinaryPrimitives.WriteSingleBigEndian(e, values[i]); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(e, values[i]); break;
            }
        }
        return bytes;
    }

    private static int ElementWidth(IdxType type) => type switch
    {
        IdxType.UInt8 or IdxType.Int8 => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Float32 => 4,
        _ => 8,
    };
}
