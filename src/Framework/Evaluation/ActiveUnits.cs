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
    /// <paramref name="samples"/> posterior draws. A sampled mean carries noise of variance
    /// sigma_u(x)^2 / S, which would add about E_x[sigma_u^2] / S to A_u (0.01 for a collapsed unit
    /// with sigma = 1 and S = 100: exactly the threshold). That noise is subtracted: A_u is the
    /// population variance of the estimates minus (N-1)/N times the mean of s_u(x)^2 / S, s^2 the
    /// unbiased variance of the S draws, which is unbiased for the variance of the true means
    /// (one-way random effects; clipped at 0). Batches may be on the host: each is moved to the
    /// model's device, and the codes are read back on the host. A conditional model needs the one-hot
    /// <paramref name="labels"/> of each batch (E_q(z|x,y)[z]).
    /// </summary>
    public static ActiveUnits Compute(VaeModel model, IEnumerable<Tensor> batches, Rng rng, double threshold = 0.01, int samples = 100,
        IReadOnlyList<Tensor>? labels = null)
    {
        var d = model.Latent;
        var mean = new double[d];
        var m2 = new double[d];
        var noise = new double[d];
        long count = 0;
        var device = model.ParameterDevice();
        using var noGrad = NoGrad.Begin();
        var index = 0;
        foreach (var x in batches)
        {
            using var scope = TensorScope.Begin();
            var encoder = model.ForBatch(labels?[index++].To(device));
            var (codes, estimateVariance) = EstimateMeans(encoder, x.To(device), rng, samples);
            for (var r = 0; r < codes.Shape.Rows; r++)
            {
                count++;
                var row = codes.Row(r);
                for (var u = 0; u < d; u++) // Welford's update
                {
                    var delta = row[u] - mean[u];
                    mean[u] += delta / count;
                    m2[u] += delta * (row[u] - mean[u]);
                    if (estimateVariance is not null) noise[u] += estimateVariance[r * d + u];
                }
            }
        }
        var variances = Enumerable.Range(0, d)
            .Select(u => count > 0 ? Math.Max(0, m2[u] / count - (count - 1.0) / count * noise[u] / count) : 0.0).ToArray();
        return new ActiveUnits(variances, variances.Count(v => v > threshold), threshold);
    }

    /// <summary>Active units per stochastic layer of widths <paramref name="layerSizes"/> (z1 first, summing to D).</summary>
    public IReadOnlyList<int> CountPerLayer(IReadOnlyList<int> layerSizes)
    {
        if (layerSizes.Sum() != Variances.Length)
            throw new ArgumentException($"Layer widths [{string.Join(", ", layerSizes)}] do not sum to the {Variances.Length} latent units.");
        var start = 0;
        return layerSizes.Select(size =>
        {
            var count = Variances.Skip(start).Take(size).Count(v => v > Threshold);
            start += size;
            return count;
        }).ToArray();
    }

    /// <summary>E_q[z] per data point of x (on the host or the model's device), as a host tensor [B, D] (for figures and statistics).</summary>
    public static Tensor PosteriorMeans(VaeModel model, Tensor x, Rng rng, int samples) =>
        EstimateMeans(model, x.To(model.ParameterDevice()), rng, samples).Means;

    /// <summary>
    /// E_q[z] per data point of x (on the model's device), as a host tensor [B, D], and the estimated
    /// variance of each entry's estimate, s^2 / S, row-major [B * D] (null when the mean is exact).
    /// </summary>
    private static (Tensor Means, double[]? EstimateVariance) EstimateMeans(VaeModel model, Tensor x, Rng rng, int samples)
    {
        var sample = model.Posterior.Sample(x, samples, rng);
        if (sample.Gaussian is { } q) return (q.Mean.ToHost(), null);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "A sampled posterior mean needs at least 2 draws.");
        var (b, d) = (x.Shape.Rows, model.Latent);
        var z = sample.Z.ToHost().Data; // [S, B, D], sample-major
        var means = Tensor.Empty(new Shape(b, d));
        var estimateVariance = new double[b * d];
        for (var i = 0; i < b * d; i++)
        {
            double sum = 0, sumSquares = 0;
            for (var s = 0; s < samples; s++)
            {
                double v = z[s * b * d + i];
                sum += v;
                sumSquares += v * v;
            }
            var m = sum / samples;
            means.Data[i] = (float)m;
            estimateVariance[i] = Math.Max(0, (sumSquares - samples * m * m) / (samples - 1)) / samples;
        }
        return (means, estimateVariance);
    }
}
