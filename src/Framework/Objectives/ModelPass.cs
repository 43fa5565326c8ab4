using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>One pass of a VAE over a batch: K posterior samples and the three log-densities at each, as [K, B].</summary>
/// <param name="LogLikelihood">log p(x|z), [K, B].</param>
/// <param name="LogPrior">log p(z), [K, B].</param>
/// <param name="LogPosterior">log q(z|x), [K, B].</param>
/// <param name="AnalyticKlPerDimension">Closed-form KL(q || p) per data point and dimension [B, D], when the posterior is a plain Gaussian and the prior has the closed form.</param>
public sealed record ModelPass(
    PosteriorSample Sample,
    Tensor LogLikelihood,
    Tensor LogPrior,
    Tensor LogPosterior,
    Tensor? AnalyticKlPerDimension)
{
    public int K => LogLikelihood.Shape[0];

    public int B => LogLikelihood.Shape[1];

    /// <summary>Runs the posterior, prior, decoder and likelihood on x [B, P] with K samples each.</summary>
    public static ModelPass Run(VaeModel model, Tensor x, int k, Rng rng, bool analyticKl = true)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 1.");
        var b = x.Shape.Rows;
        var sample = model.Posterior.Sample(x, k, rng);
        var logPxz = model.LogLikelihood(x, sample.Z).Reshape(k, b);
        var logPz = model.Prior.LogProb(sample.Z).Reshape(k, b);
        var logQz = sample.LogQ.Reshape(k, b);
        var kl = analyticKl && sample.Gaussian is { } q ? model.Prior.AnalyticKlPerDimension(q) : null;
        return new ModelPass(sample, logPxz, logPz, logQz, kl);
    }

    /// <summary>log p(x|z) + scale (log p(z) - log q(z|x)), [K, B] (scale is beta; 1 for the true importance weights).</summary>
    public Tensor LogWeights(float scale = 1f)
    {
        var logRatio = LogPrior.Subtract(LogPosterior);
        return LogLikelihood.Add(scale == 1f ? logRatio : logRatio.MulScalar(scale));
    }

    /// <summary>KL per data point [B]: the closed form summed over dimensions, else the Monte Carlo mean over K of log q - log p.</summary>
    public Tensor Kl() =>
        AnalyticKlPerDimension is { } perDim ? perDim.Sum(axis: -1) : LogPosterior.Subtract(LogPrior).Mean(axis: 0);
}
