using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>Gaussian log-densities as differentiable compositions of ops.</summary>
public static class NormalDensity
{
    /// <summary>
    /// log N(x; mean, exp(logStd)^2) elementwise, with broadcasting between the three:
    /// -0.5 ((x - mean) / std)^2 - log std - 0.5 log 2 pi.
    /// </summary>
    public static Tensor LogDensity(Tensor x, Tensor mean, Tensor logStd)
    {
        var standardized = x.Subtract(mean).Multiply(logStd.Negate().Exp());
        return standardized.Square().MulScalar(-0.5f).Subtract(logStd).AddScalar(-DiagonalNormal.HalfLog2Pi);
    }

    /// <summary>
    /// log Σ_m exp(logWeights[m]) N(z_n; means[m], diag(exp(logStds[m])^2)) for every row n of z: [N].
    /// z is [N, D], logWeights [M], means and logStds [M, D]. Every pair (n, m) is evaluated
    /// exactly (no expansion of the square, which loses precision when a std is small), which
    /// takes N*M*D floats: with gradients on, all at once; under <see cref="NoGrad"/>, in blocks
    /// of rows so that memory stays bounded for large N (importance-sampled evaluation).
    /// </summary>
    public static Tensor MixtureLogDensity(Tensor z, Tensor logWeights, Tensor means, Tensor logStds)
    {
        var (n, d, m) = (z.Shape.Rows, z.Shape.Last, means.Shape.Rows);
        if (means.Shape.Last != d || logStds.Shape != means.Shape || logWeights.Size != m)
            throw new ArgumentException($"MixtureLogDensity: z {z.Shape}, weights {logWeights.Shape}, means {means.Shape}, log-stds {logStds.Shape} do not agree.");
        var invStd = logStds.Negate().Exp();
        // Per component: log w_m - Σ_d log s_md - D/2 log 2 pi.
        var offset = logWeights.Reshape(m).Subtract(logStds.Sum(axis: -1)).AddScalar(-d * DiagonalNormal.HalfLog2Pi);
        const int block = 256;
        if (NoGrad.IsGradEnabled || n <= block) return Block(z, means, invStd, offset);

        // Each block's values leave its scope through a host buffer (no copy on the native engine),
        // which is then put on z's device.
        var result = Tensor.Empty(new Shape(n));
        for (var start = 0; start < n; start += block)
        {
            var rows = Math.Min(block, n - start);
            using var scope = TensorScope.Begin();
            Block(z.Slice(0, start, rows), means, invStd, offset).ToHost().Data.CopyTo(result.Data.Slice(start, rows));
        }
        return result.To(z.Device);
    }

    private static Tensor Block(Tensor z, Tensor means, Tensor invStd, Tensor offset)
    {
        var (n, d) = (z.Shape.Rows, z.Shape.Last);
        var u = z.Reshape(n, 1, d).Subtract(means).Multiply(invStd); // [N, M, D]
        return u.Square().Sum(axis: -1).MulScalar(-0.5f).Add(offset).LogSumExp(axis: -1); // [N]
    }
}
