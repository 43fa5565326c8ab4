using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// A mixture of M diagonal Gaussians in D dimensions, p(z) = Σ_m π_m N(z; μ_m, diag(σ_m^2)), with
/// mixing weights π = softmax(Logits) [M], means [M, D] and log-stds [M, D]. The log-density is
/// a log-sum-exp over components, so no component's density is ever exponentiated alone.
/// </summary>
public sealed record MixtureOfGaussians(Tensor Logits, Tensor Means, Tensor LogStds)
{
    public int Components => Means.Shape.Rows;

    public int Dim => Means.Shape.Last;

    /// <summary>log softmax of the logits: log π [M].</summary>
    public Tensor LogWeights() => Logits.Subtract(Logits.LogSumExp(axis: -1, keepDim: true));

    /// <summary>log p(z) for z [N, D]: [N].</summary>
    public Tensor LogProb(Tensor z) => NormalDensity.MixtureLogDensity(z, LogWeights(), Means, LogStds);

    /// <summary>
    /// n draws [n, D] on the parameters' device: a component from π, then a Gaussian draw from it
    /// (no gradient). Drawn on the host from host copies of the parameters.
    /// </summary>
    public Tensor Sample(int n, Rng rng)
    {
        var d = Dim;
        using var noGrad = NoGrad.Begin();
        var weights = LogWeights().Exp().ToArray();
        var (means, logStds) = (Means.ToHost(), LogStds.ToHost());
        var z = Tensor.Empty(new Shape(n, d));
        for (var r = 0; r < n; r++)
        {
            var c = Categorical(weights, rng);
            var row = z.Row(r);
            for (var j = 0; j < d; j++)
                row[j] = means.Data[c * d + j] + MathF.Exp(logStds.Data[c * d + j]) * rng.NextNormal();
        }
        return z.To(Means.Device);
    }

    /// <summary>An index drawn with probabilities <paramref name="weights"/> (summing to 1 up to rounding).</summary>
    internal static int Categorical(ReadOnlySpan<float> weights, Rng rng)
    {
        var u = rng.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative) return i;
        }
        return weights.Length - 1;
    }
}
