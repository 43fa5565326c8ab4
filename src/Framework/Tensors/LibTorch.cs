using TorchSharp;

namespace Research.Framework.Tensors;

/// <summary>
/// The bridge to LibTorch (TorchSharp): device mapping, host copies, and the grad mode. Only code
/// paths of tensors on a LibTorch device reach it, so the native engine never loads LibTorch.
/// </summary>
internal static class LibTorch
{
    // LibTorch's grad mode is per thread, as NoGrad is; this remembers what was last set on this thread
    // (0: not yet, 1: on, 2: off) so that keeping the two in step costs no native call per op.
    [ThreadStatic] private static int _gradMode;

    public static torch.Device TorchDevice(Device device) => device.Kind switch
    {
        DeviceKind.TorchCpu => torch.CPU,
        DeviceKind.Cuda => new torch.Device(DeviceType.CUDA, device.Index),
        _ => throw new ArgumentException($"{device} is not a LibTorch device."),
    };

    /// <summary>Makes LibTorch record its graph exactly when <paramref name="enabled"/> (NoGrad's state).</summary>
    public static void SyncGradMode(bool enabled)
    {
        var wanted = enabled ? 1 : 2;
        if (_gradMode == wanted) return;
        torch.set_grad_enabled(enabled);
        _gradMode = wanted;
    }

    /// <summary>A new float32 LibTorch tensor on <paramref name="device"/> holding a copy of <paramref name="values"/>.</summary>
    public static torch.Tensor FromHost(ReadOnlySpan<float> values, Shape shape, Device device)
    {
        CheckAvailable(device);
        var dims = Dims(shape);
        var host = torch.empty(dims, torch.float32);
        values.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(host.bytes)); // a span over LibTorch's CPU memory
        if (device.Kind == DeviceKind.TorchCpu) return host;
        using (host) return host.to(TorchDevice(device));
    }

    /// <summary>Copies the values of <paramref name="t"/> (any device, any layout) into <paramref name="destination"/>.</summary>
    public static void ToHost(torch.Tensor t, Span<float> destination)
    {
        using var _ = torch.NewDisposeScope();
        var host = t.detach().cpu().contiguous();
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(host.bytes)[..destination.Length].CopyTo(destination);
    }

    public static Shape ShapeOf(torch.Tensor t)
    {
        var dims = t.shape;
        Span<int> d = stackalloc int[dims.Length];
        for (var i = 0; i < dims.Length; i++) d[i] = checked((int)dims[i]);
        return new Shape(d);
    }

    public static long[] Dims(Shape shape)
    {
        var dims = new long[shape.Rank];
        for (var i = 0; i < dims.Length; i++) dims[i] = shape[i];
        return dims;
    }

    /// <summary>
    /// Fails with a message naming the package when the device cannot run here: CUDA asked for with
    /// the CPU LibTorch, or with no GPU.
    /// </summary>
    public static void CheckAvailable(Device device)
    {
        if (device.Kind != DeviceKind.Cuda) return;
        if (!torch.cuda.is_available())
            throw new NotSupportedException(
                $"Device {device}: CUDA is not available (the LibTorch loaded here is the CPU build, or no NVIDIA GPU/driver is visible). " +
                "Build with the CUDA LibTorch: dotnet build -p:TorchSharpPackage=TorchSharp-cuda-linux (Linux) or -p:TorchSharpPackage=TorchSharp-cuda-windows (Windows), on a machine with an NVIDIA GPU.");
        if (device.Index >= torch.cuda.device_count())
            throw new NotSupportedException($"Device {device}: only {torch.cuda.device_count()} CUDA device(s) are visible.");
    }
}
