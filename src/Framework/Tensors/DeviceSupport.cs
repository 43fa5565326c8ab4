namespace Research.Framework.Tensors;

/// <summary>
/// What the host asks of a device before using it: whether it can run here, and how many threads
/// LibTorch may use. Native devices never touch LibTorch.
/// </summary>
public static class DeviceSupport
{
    /// <summary>Null when <paramref name="device"/> can run on this machine, else why not and which package to use.</summary>
    public static string? Unavailable(Device device)
    {
        if (!device.IsTorch) return null;
        try
        {
            LibTorch.CheckAvailable(device);
            return null;
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException)
        {
            return $"Device {device}: LibTorch could not be loaded ({(e.InnerException ?? e).Message}). " +
                   "The executable needs a native LibTorch package: TorchSharp-cpu (the default), or TorchSharp-cuda-linux / TorchSharp-cuda-windows for GPUs (dotnet build -p:TorchSharpPackage=...).";
        }
    }

    /// <summary>Sets LibTorch's intra-op thread count for a LibTorch device (the native engine has its own thread team).</summary>
    public static void UseThreads(Device device, int threads)
    {
        if (device.IsTorch && threads > 0) TorchSharp.torch.set_num_threads(threads);
    }
}
