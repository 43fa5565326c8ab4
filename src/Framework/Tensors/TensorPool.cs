using System.Numerics;

namespace Research.Framework.Tensors;

/// <summary>
/// A per-thread pool of tensor objects, their float storage (bucketed by power-of-two capacity) and
/// the autodiff records of op outputs.
/// Tensors created inside a <see cref="TensorScope"/> come from here and go back when the scope
/// ends, so a training step that repeats the same shapes allocates nothing once warm.
/// </summary>
internal sealed class TensorPool
{
    private const int MinLog2 = 4;
    private const int Buckets = 31;

    private readonly Stack<float[]>[] _arrays = new Stack<float[]>[Buckets];
    private readonly Stack<Tensor> _tensors = new();
    private readonly Stack<TensorRecord> _records = new();

    [ThreadStatic] private static TensorPool? _current;

    public static TensorPool Current => _current ??= new TensorPool();

    public TensorPool()
    {
        for (var i = 0; i < Buckets; i++) _arrays[i] = new Stack<float[]>();
    }

    public float[] RentArray(int size)
    {
        var bucket = Bucket(size);
        var stack = _arrays[bucket];
        return stack.Count > 0 ? stack.Pop() : new float[1 << (bucket + MinLog2)];
    }

    public void ReturnArray(float[] array)
    {
        var bucket = BitOperations.Log2((uint)array.Length) - MinLog2;
        if (bucket >= 0 && bucket < Buckets && array.Length == 1 << (bucket + MinLog2))
            _arrays[bucket].Push(array);
    }

    public Tensor RentTensor() => _tensors.Count > 0 ? _tensors.Pop() : new Tensor();

    public void ReturnTensor(Tensor tensor) => _tensors.Push(tensor);

    /// <summary>A record returned by an ended scope, for the autodiff layer to overwrite; null when none is spare.</summary>
    public TensorRecord? RentRecord() => _records.Count > 0 ? _records.Pop() : null;

    public void ReturnRecord(TensorRecord record) => _records.Push(record);

    private static int Bucket(int size)
    {
        var log2 = size <= 1 << MinLog2 ? MinLog2 : BitOperations.Log2((uint)(size - 1)) + 1;
        return log2 - MinLog2;
    }
}
