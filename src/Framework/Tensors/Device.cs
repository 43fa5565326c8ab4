namespace Research.Framework.Tensors;

/// <summary>Which engine holds a tensor's values and runs its ops.</summary>
public enum DeviceKind
{
    /// <summary>This project's own CPU engine (the default: no native dependency).</summary>
    Native,

    /// <summary>LibTorch (through TorchSharp) on the CPU.</summary>
    TorchCpu,

    /// <summary>LibTorch on an NVIDIA GPU (needs the CUDA LibTorch package).</summary>
    Cuda,
}

/// <summary>
/// Where a tensor lives, as PyTorch's <c>torch.device</c>: <c>cpu</c> (the native engine),
/// <c>torch-cpu</c> (LibTorch on the CPU) or <c>cuda</c> / <c>cuda:N</c> (LibTorch on GPU N).
/// The default value is the native engine.
/// </summary>
public readonly record struct Device(DeviceKind Kind, int Index = 0)
{
    /// <summary>The spec names, for messages.</summary>
    public const string Names = "cpu, torch-cpu, cuda, cuda:N";

    public static Device Native => default;

    public static Device TorchCpu => new(DeviceKind.TorchCpu);

    public static Device Cuda(int index = 0) => new(DeviceKind.Cuda, index);

    /// <summary>Whether LibTorch runs this device's ops (and its own autograd).</summary>
    public bool IsTorch => Kind != DeviceKind.Native;

    public static bool TryParse(string? text, out Device device)
    {
        device = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "cpu" or "native":
                return true;
            case "torch-cpu":
                device = TorchCpu;
                return true;
            case "cuda":
                device = Cuda();
                return true;
            case { } s when s.StartsWith("cuda:", StringComparison.Ordinal)
                            && int.TryParse(s.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index):
                device = Cuda(index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The device named <paramref name="text"/>, or an error listing the valid names.</summary>
    public static Device Parse(string text) =>
        TryParse(text, out var device) ? device : throw new FormatException($"Unknown device '{text}'; valid devices: {Names}.");

    public override string ToString() => Kind switch
    {
        DeviceKind.Native => "cpu",
        DeviceKind.TorchCpu => "torch-cpu",
        _ => $"cuda:{Index}",
    };
}
