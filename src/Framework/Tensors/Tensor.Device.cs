using TorchSharp;

namespace Research.Framework.Tensors;

// The device side of a tensor: on a LibTorch device the values are a LibTorch tensor, and
// LibTorch's own autograd records its ops (the native record slot stays empty).
public sealed partial class Tensor
{
    private torch.Tensor? _torch;
    private Device _device;

    /// <summary>Where the values live: the native engine (default) or a LibTorch device.</summary>
    public Device Device => _device;

    /// <summary>The LibTorch tensor behind a tensor on a LibTorch device (null on the native engine).</summary>
    internal torch.Tensor? TorchValue => _torch;

    /// <summary>
    /// Wraps a LibTorch result as a tensor owned by <paramref name="scope"/> (by default the innermost
    /// open scope, which disposes the LibTorch handle when it ends, as a TorchSharp dispose scope).
    /// </summary>
    internal static Tensor Wrap(torch.Tensor value, Device device) => Wrap(value, device, TensorScope.Innermost);

    internal static Tensor Wrap(torch.Tensor value, Device device, TensorScope? scope)
    {
        var t = Create(LibTorch.ShapeOf(value), withStorage: false, scope);
        t._torch = value;
        t._device = device;
        return t;
    }

    /// <summary>
    /// A copy on <paramref name="device"/> with no autodiff history (this tensor itself when it is
    /// already there). Draws, data batches and constants are made on the host and moved with this.
    /// </summary>
    public Tensor To(Device device)
    {
        if (device == _device) return this;
        if (device.IsTorch)
        {
            if (_torch is null) return Wrap(LibTorch.FromHost(Data, Shape, device), device);
            LibTorch.CheckAvailable(device);
            using var detached = _torch.detach();
            return Wrap(detached.to(LibTorch.TorchDevice(device)), device);
        }
        var host = Empty(Shape);
        LibTorch.ToHost(_torch!, host.Data);
        return host;
    }

    /// <summary>A copy on the native engine (host memory) with no history, for code that reads values.</summary>
    public Tensor ToHost() => To(Device.Native);

    /// <summary>
    /// Moves a persistent tensor (a parameter or buffer) to <paramref name="device"/> in place, keeping
    /// its values, name and <see cref="RequiresGrad"/>, as <c>module.to(device)</c> does in PyTorch.
    /// Its gradient is dropped.
    /// </summary>
    internal void MoveTo(Device device)
    {
        if (device == _device) return;
        if (_owner is not null)
            throw new InvalidOperationException("Only persistent tensors (parameters, buffers) move in place; copy a scoped tensor with To(device).");
        if (Record is not null)
            throw new InvalidOperationException("Only leaf tensors move in place; copy an op's result with To(device).");
        var requiresGrad = RequiresGrad;
        var values = ToArray();
        ReleaseTorch();
        _grad = null;
        if (device.IsTorch)
        {
            _storage = null;
            _ownsStorage = false;
            _torch = LibTorch.FromHost(values, Shape, device);
        }
        else
        {
            _storage = values.Length == 0 ? new float[1] : values;
            _ownsStorage = true;
        }
        _device = device;
        RequiresGrad = requiresGrad;
    }

    /// <summary>LibTorch's gradient of this leaf, wrapped once: LibTorch accumulates into the same tensor afterwards.</summary>
    private Tensor? TorchGrad()
    {
        if (_grad is not null) return _grad;
        var g = _torch!.grad;
        if (g is null) return null;
        _grad = Wrap(g, _device, _owner);
        return _grad;
    }

    private void ReleaseTorch()
    {
        _torch?.Dispose();
        _torch = null;
        _device = default;
    }
}
