using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>The standard normal N(0, I) over the last dimension.</summary>
public static class StandardNormal
{
    /// <summary>log N(z; 0, I) summed over the last dimension: Σ_d -0.5 z_d^2 - 0.5 log 2 pi; [rows].</summary>
    public static Tensor LogProb(Tensor z) =>
        z.Square().Sum(axis: -1).MulScalar(-0.5f).AddScalar(-z.Shape.Last * DiagonalNormal.HalfLog2Pi);

    /// <summary>n draws of dimension d on <paramref name="device"/>: [n, d].</summary>
    public static Tensor Sample(int n, int d, Rng rng, Device device = default) => HostDraws.Normal(new Shape(n, d), rng, device);
}
