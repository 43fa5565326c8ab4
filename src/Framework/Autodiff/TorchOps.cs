using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

/// <summary>
/// The LibTorch path of the ops: each op hands tensors on a LibTorch device to the matching LibTorch
/// function, and LibTorch's own autograd records it (the design of DiffSharp's Torch backend and of
/// PyTorch's device dispatch). Mixing devices in one op is an error naming both.
/// </summary>
internal static class TorchOps
{
    /// <summary>Whether any input of an op lives on a LibTorch device (then the op takes this path).</summary>
    public static bool Any(Tensor a) => a.Device.IsTorch;

    public static bool Any(Tensor a, Tensor b) => a.Device.IsTorch || b.Device.IsTorch;

    public static bool Any(Tensor a, Tensor b, Tensor? c) => a.Device.IsTorch || b.Device.IsTorch || (c?.Device.IsTorch ?? false);

    /// <summary>The LibTorch value of <paramref name="x"/>, with LibTorch's grad mode set to NoGrad's.</summary>
    public static torch.Tensor Of(Tensor x)
    {
        LibTorch.SyncGradMode(NoGrad.IsGradEnabled);
        return x.TorchValue ?? throw new InvalidOperationException($"A tensor on {x.Device} has no LibTorch value (released?).");
    }

    /// <summary>The LibTorch values of two inputs of <paramref name="op"/>, after checking they share a device.</summary>
    public static (torch.Tensor A, torch.Tensor B) Of(Tensor a, Tensor b, string op)
    {
        SameDevice(op, a, b);
        return (Of(a), Of(b));
    }

    public static void SameDevice(string op, Tensor a, Tensor b, Tensor? c = null)
    {
        if (a.Device != b.Device)
            throw new InvalidOperationException($"{op}: inputs are on different devices: {a.Device} (shape {a.Shape}) and {b.Device} (shape {b.Shape}). Move one with To(device).");
        if (c is not null && c.Device != a.Device)
            throw new InvalidOperationException($"{op}: inputs are on different devices: {a.Device} (shape {a.Shape}) and {c.Device} (shape {c.Shape}). Move one with To(device).");
    }

    /// <summary>Wraps an op's LibTorch result on <paramref name="device"/> (owned by the innermost scope).</summary>
    public static Tensor Result(torch.Tensor value, Device device) => Tensor.Wrap(value, device);

    /// <summary>A unary op f(x) on x's device.</summary>
    public static Tensor Unary(Tensor x, Func<torch.Tensor, torch.Tensor> f) => Result(f(Of(x)), x.Device);

    /// <summary>A binary op f(a, b) on the inputs' common device.</summary>
    public static Tensor Binary(Tensor a, Tensor b, string op, Func<torch.Tensor, torch.Tensor, torch.Tensor> f)
    {
        var (ta, tb) = Of(a, b, op);
        return Result(f(ta, tb), a.Device);
    }

    /// <summary>The backward pass of a scalar loss on a LibTorch device: LibTorch's own.</summary>
    public static void Backward(Tensor loss) => Of(loss).backward();
}
