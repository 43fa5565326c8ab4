using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// A Gaussian with diagonal covariance, N(Mean, diag(exp(LogStd)^2)), over the last dimension.
/// </summary>
public sealed record DiagonalNormal(Tensor Mean, Tensor LogStd)
{
    private const float HalfLog2Pi = 0.91893853320467274f; // 0.5 * log(2 pi)

    /// <summary>
    /// K reparameterized draws per row, sample-major: z = mean + exp(logStd) * eps with eps ~ N(0, I)
    /// (Kingma and Welling 2014, section 2.4). Mean [B, D] gives z [K*B, D].
    /// </summary>
    public Tensor RSample(int k, Rng rng)
    {
        var (b, d) = (Mean.Shape.Rows, Mean.Shape.Last);
        var eps = Tensor.Empty(new Shape(k, b, d));
        rng.Normal(eps.Data);
        var z = eps.Multiply(LogStd.Exp()).Add(Mean); // [K, B, D] by broadcasting over K
        return z.Reshape(k * b, d);
    }

    /// <summary>log N(x; mean, std^2) summed over the last dimension: [rows]. x may hold K repeats of the rows (sample-major).</summary>
    public Tensor LogProb(Tensor x)
    {
        var (b, d) = (Mean.Shape.Rows, Mean.Shape.Last);
        var k = x.Shape.Rows / b;
        var standardized = x.Reshape(k, b, d).Subtract(Mean).Multiply(LogStd.Negate().Exp());
        // -0.5 u^2 - log std - 0.5 log 2 pi
        var perDim = standardized.Square().MulScalar(-0.5f).Subtract(LogStd).AddScalar(-HalfLog2Pi);
        return perDim.Sum(axis: -1).Reshape(k * b);
    }

    /// <summary>
    /// KL(this || other) summed over the last dimension, [B] (closed form, e.g. Kingma and Welling
    /// 2014, appendix B): log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
    /// </summary>
    public Tensor KlTo(DiagonalNormal other)
    {
        var varianceRatio = LogStd.Subtract(other.LogStd).MulScalar(2f).Exp();
        var meanTerm = Mean.Subtract(other.Mean).Multiply(other.LogStd.Negate().Exp()).Square();
        var perDim = other.LogStd.Subtract(LogStd).Add(varianceRatio.Add(meanTerm).MulScalar(0.5f)).AddScalar(-0.5f);
        return perDim.Sum(axis: -1);
    }

    /// <summary>KL(this || N(0, I)) summed over the last dimension, [B]: 0.5 (m^2 + s^2 - 1) - log s.</summary>
    public Tensor KlToStandardNormal()
    {
        var perDim = Mean.Square().Add(LogStd.MulScalar(2f).Exp()).AddScalar(-1f).MulScalar(0.5f).Subtract(LogStd);
        return perDim.Sum(axis: -1);
    }
}
