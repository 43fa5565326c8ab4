using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Optim;

/// <summary>
/// One kind of optimizer state (Adam's m, say) as one buffer per parameter, living where the
/// parameters live: host arrays on the native engine, LibTorch tensors on a LibTorch device.
/// Checkpoints see it as host copies named <c>{Name}.{index}</c> either way.
/// </summary>
internal sealed class StateBuffer
{
    private readonly Shape[] _shapes;

    public StateBuffer(string name, IReadOnlyList<Tensor> parameters, float initial = 0f)
    {
        Name = name;
        Device = Optimizer.DeviceOf(parameters);
        _shapes = parameters.Select(p => p.Shape).ToArray();
        if (Device.IsTorch) Torch = _shapes.Select(s => TorchFull(s, initial, Device)).ToArray();
        else Host = _shapes.Select(s => HostFull(s.Size, initial)).ToArray();
    }

    public string Name { get; }

    public Device Device { get; }

    public int Count => _shapes.Length;

    /// <summary>The buffers on the native engine (empty on a LibTorch device).</summary>
    public float[][] Host { get; } = [];

    /// <summary>The buffers on a LibTorch device (empty on the native engine).</summary>
    public torch.Tensor[] Torch { get; } = [];

    /// <summary>A host copy of buffer <paramref name="index"/>.</summary>
    public float[] CopyToHost(int index)
    {
        if (!Device.IsTorch) return Host[index].ToArray();
        var values = new float[_shapes[index].Size];
        LibTorch.ToHost(Torch[index], values);
        return values;
    }

    /// <summary>Overwrites buffer <paramref name="index"/> with <paramref name="values"/> (its size, checked by the caller).</summary>
    public void Load(int index, ReadOnlySpan<float> values)
    {
        if (!Device.IsTorch)
        {
            values.CopyTo(Host[index]);
            return;
        }
        using var source = LibTorch.FromHost(values, _shapes[index], Device);
        Torch[index].copy_(source);
    }

    public int Size(int index) => _shapes[index].Size;

    private static float[] HostFull(int size, float value)
    {
        var b = new float[size];
        if (value != 0f) Array.Fill(b, value);
        return b;
    }

    // Persistent like the parameters: kept out of any dispose scope the caller has open.
    private static torch.Tensor TorchFull(Shape shape, float value, Device device)
    {
        using var fill = value.ToScalar();
        return torch.full(LibTorch.Dims(shape), fill, torch.float32, LibTorch.TorchDevice(device)).DetachFromDisposeScope();
    }
}
