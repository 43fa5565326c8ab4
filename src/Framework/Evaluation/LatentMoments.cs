using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>Mean and standard deviation (population) of every latent unit, [D] each.</summary>
public sealed record LatentMoments(double[] Mean, double[] Sd)
{
    /// <summary>Prior draws that estimate the prior's moments by default.</summary>
    public const int DefaultPriorSamples = 2000;

    /// <summary>The moments of each column of the first <paramref name="count"/> rows of <paramref name="rows"/>, row-major [count, d].</summary>
    public static LatentMoments Of(ReadOnlySpan<float> rows, int count, int d)
    {
        var mean = new double[d];
        var sd = new double[d];
        for (var u = 0; u < d; u++)
        {
            double sum = 0, sq = 0;
            for (var i = 0; i < count; i++) sum += rows[i * d + u];
            mean[u] = sum / count;
            for (var i = 0; i < count; i++) sq += (rows[i * d + u] - mean[u]) * (rows[i * d + u] - mean[u]);
            sd[u] = Math.Sqrt(sq / count);
        }
        return new LatentMoments(mean, sd);
    }

    /// <summary>
    /// The prior's moments estimated from <paramref name="samples"/> draws: works for any prior
    /// (mixtures, VampPrior, hierarchies), whether or not it has closed-form moments.
    /// </summary>
    public static LatentMoments OfPrior(VaeModel model, Rng rng, int samples = DefaultPriorSamples)
    {
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        return Of(model.Prior.Sample(samples, rng).ToArray(), samples, model.Latent);
    }
}
