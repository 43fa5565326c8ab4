using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// A Gaussian with diagonal covariance, N(Mean, diag(exp(LogStd)^2)), over the last dimension.
/// Mean and LogStd are [B, D] (one distribution per row); LogStd may also be [D] or a scalar,
/// shared by every row.
/// </summary>
public sealed record DiagonalNormal(Tensor Mean, Tensor LogStd)
{
    /// <summary>0.5 log(2 pi).</summary>
    public const float HalfLog2Pi = 0.91893853320467274f;

    /// <summary>The number of distributions (rows), B.</summary>
    public int Rows => Mean.Shape.Rows;

    /// <summary>The event size, D.</summary>
    public int Dim => Mean.Shape.Last;

    /// <summary>
    /// K reparameterized draws per row, sample-major: z = mean + exp(logStd) * eps with eps ~ N(0, I)
    /// (Kingma and Welling 2014, section 2.4). Mean [B, D] gives z [K*B, D], row k*B + b from row b.
    /// </summary>
    public Tensor RSample(int k, Rng rng)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "RSample needs at least one sample per row.");
        var (b, d) = (Rows, Dim);
        var eps = HostDraws.Normal(new Shape(k, b, d), rng, Mean.Device);
        var z = eps.Multiply(LogStd.Exp()).Add(Mean); // [K, B, D] by broadcasting over K
        return z.Reshape(k * b, d);
    }

    /// <summary>
    /// log N(x; mean, std^2) summed over the last dimension, one value per row of x: [K*B].
    /// x [K*B, D] holds K sample-major repeats of the B rows (K = 1: one x per distribution).
    /// </summary>
    public Tensor LogProb(Tensor x)
    {
        var (b, d) = (Rows, Dim);
        if (x.Shape.Last != d || x.Shape.Rows % b != 0)
            throw new ArgumentException($"DiagonalNormal.LogProb: x {x.Shape} is not K repeats of the {b} rows of width {d}.");
        var k = x.Shape.Rows / b;
        return NormalDensity.LogDensity(x.Reshape(k, b, d), Mean, LogStd).Sum(axis: -1).Reshape(k * b);
    }

    /// <summary>
    /// KL(this || other) summed over the last dimension, [B] (closed form, e.g. Kingma and Welling
    /// 2014, appendix B): log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
    /// </summary>
    public Tensor KlTo(DiagonalNormal other) => KlPerDimensionTo(other).Sum(axis: -1);

    /// <summary>KL(this || other) per dimension, [B, D].</summary>
    public Tensor KlPerDimensionTo(DiagonalNormal other)
    {
        var varianceRatio = LogStd.Subtract(other.LogStd).MulScalar(2f).Exp();
        var meanTerm = Mean.Subtract(other.Mean).Multiply(other.LogStd.Negate().Exp()).Square();
        return other.LogStd.Subtract(LogStd).Add(varianceRatio.Add(meanTerm).MulScalar(0.5f)).AddScalar(-0.5f);
    }

    /// <summary>KL(this || N(0, I)) summed over the last dimension, [B]: Σ_d 0.5 (m^2 + s^2 - 1) - log s.</summary>
    public Tensor KlToStandardNormal() => KlPerDimensionToStandardNormal().Sum(axis: -1);

    /// <summary>
    /// KL(this || N(0, I)) per dimension, [B, D]: 0.5 (m^2 + s^2 - 1) - log s (Kingma and Welling
    /// 2014, appendix B, the negative of the terms of eq. 10).
    /// </summary>
    public Tensor KlPerDimensionToStandardNormal() =>
        Mean.Square().Add(LogStd.MulScalar(2f).Exp()).AddScalar(-1f).MulScalar(0.5f).Subtract(LogStd);
}
