using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Research.Framework.Tensors;

namespace Research.Framework.IO;

/// <summary>A named tensor as stored in a <see cref="TensorFile"/>.</summary>
public sealed record NamedTensor(string Name, Shape Shape, float[] Values);

/// <summary>
/// A versioned binary file of named float32 tensors (parameters, optimizer state).
/// Layout, little-endian: magic "VAETENSR", format version (uint32), entry count (uint32);
/// per entry: name length (uint16) and UTF-8 name, rank (byte), dims (int32 each), values
/// (float32 each); then a CRC-32 of every byte before it. Written to a temporary file and moved
/// into place, so a crash never leaves a half-written file under the real name.
/// </summary>
public static class TensorFile
{
    public const uint FormatVersion = 1;
    private static readonly byte[] Magic = "VAETENSR"u8.ToArray();

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> entries)
    {
        var list = entries.ToList();
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write((uint)list.Count);
            foreach (var (name, tensor) in list)
            {
                var nameBytes = Encoding.UTF8.GetBytes(name);
                if (nameBytes.Length > ushort.MaxValue) throw new ArgumentException($"Tensor name too long: {name[..40]}...");
                w.Write((ushort)nameBytes.Length);
                w.Write(nameBytes);
                w.Write((byte)tensor.Shape.Rank);
                for (var i = 0; i < tensor.Shape.Rank; i++) w.Write(tensor.Shape[i]);
                // Host values whatever the device: a file written from one device loads on any other.
                w.Write(MemoryMarshal.AsBytes(tensor.Device.IsTorch ? tensor.ToArray() : tensor.Data));
            }
        }
        var crc = Crc32.Compute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crcBytes, crc);
        buffer.Write(crcBytes);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            buffer.Position = 0;
            buffer.CopyTo(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads every entry, or throws <see cref="InvalidDataException"/> saying what is wrong with the file.</summary>
    public static IReadOnlyList<NamedTensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tensor file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string what) => new($"{path}: {what}");

        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Bad("not a tensor file of this framework (bad magic header).");
        var body = bytes.AsSpan(0, bytes.Length - 4);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != FormatVersion)
            throw Bad($"format version {version} is not supported (this build reads version {FormatVersion}).");
        if (Crc32.Compute(body) != storedCrc)
            throw Bad("checksum mismatch: the file is truncated or corrupt.");

        var reader = new SpanReader(body, Magic.Length + 4, Bad);
        var count = reader.UInt32();
        var result = new List<NamedTensor>((int)Math.Min(count, 1 << 16));
        Span<int> dims = stackalloc int[Shape.MaxRank];
        for (var e = 0; e < count; e++)
        {
            var name = Encoding.UTF8.GetString(reader.Bytes(reader.UInt16()));
            var rank = reader.Byte();
            if (rank > Shape.MaxRank) throw Bad($"entry '{name}' has rank {rank} (at most {Shape.MaxRank}).");
            for (var i = 0; i < rank; i++) dims[i] = reader.Int32();
            var shape = new Shape(dims[..rank]);
            var values = MemoryMarshal.Cast<byte, float>(reader.Bytes(checked(shape.Size * 4))).ToArray();
            result.Add(new NamedTensor(name, shape, values));
        }
        if (!reader.AtEnd) throw Bad("unexpected bytes after the last entry.");
        return result;
    }

    /// <summary>A bounds-checked little-endian cursor that reports truncation as a clear error.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data, int position, Func<string, InvalidDataException> bad)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position = position;

        public readonly bool AtEnd => _position == _data.Length;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || _position + count > _data.Length) throw bad("truncated: an entry runs past the end of the file.");
            var span = _data.Slice(_position, count);
            _position += count;
            return span;
        }

        public byte Byte() => Bytes(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));
    }
}
