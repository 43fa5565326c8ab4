using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// Random tensors drawn on the host from the explicit generator and then put on the device where
/// they are used, so one seed gives the same draws, in the same order, on every device.
/// </summary>
public static class HostDraws
{
    /// <summary>
    /// Standard normal draws of <paramref name="shape"/> on <paramref name="device"/>. On the native
    /// engine the draws are written straight into the (pooled) result: no copy.
    /// </summary>
    public static Tensor Normal(Shape shape, Rng rng, Device device)
    {
        var eps = Tensor.Empty(shape);
        rng.Normal(eps.Data);
        return eps.To(device);
    }
}
