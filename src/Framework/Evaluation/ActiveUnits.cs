using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// Active units (Burda et al. 2016, section 5.2, eq. 10): latent unit u is active when
/// A_u = Cov_x(E_{q(z|x)}[z_u]) &gt; 0.01, the variance over the data of the unit's posterior mean.
/// </summary>
/// <param name="Variances">A_u for every latent unit, [D].</param>
/// <param name="Count">The number of units with A_u above the threshold.</param>
public sealed record ActiveUnits(double[] Variances, int Count, double Threshold)
{
    /// <summary>
    /// Computes A_u over the data in <paramref name="batches"/> (rows [B, P] each). E_q[z] is the
    /// Gaussian's mean when the posterior is a plain Gaussian, else the mean of
    /// <paramref name="samples"/> posterior draws.
    /// </summary>
    public static ActiveUnits Compute(VaeModel model, IEnumerable<Tensor> batches, Rng rng, double threshold = 0.01, int samples = 100)
    {
        var d = model.Latent;
        var mean = new double[d];
        var m2 = new double[d];
        long count = 0;
        using var noGrad = NoGrad.Begin();
        foreach (var x in batches)
        {
            using var scope = TensorScope.Begin();
            var codes = PosteriorMeans(model, x, rng, samples);
            for (var r = 0; r < codes.Shape.Rows; r++)
            {
                count++;
                var row = codes.Row(r);
                for (var u = 0; u < d; u++) // Welford's update
                {
                    var delta = row[u] - mean[u];
                    mean[u] += delta / count;
                    m2[u] += delta * (row[u] - mean[u]);
                }
            }
        }
        var variances = m2.Select(v => count > 0 ? v / count : 0.0).ToArray();
        return new ActiveUnits(variances, variances.Count(v => v > threshold), threshold);
    }

    /// <summary>E_q[z] per data point, [B, D].</summary>
    public static Tensor PosteriorMeans(VaeModel model, Tensor x, Rng rng, int samples)
    {
        var sample = model.Posterior.Sample(x, samples, rng);
        if (sample.Gaussian is { } q) return q.Mean;
        return sample.Z.Reshape(samples, x.Shape.Rows, model.Latent).Mean(axis: 0);
    }
}
