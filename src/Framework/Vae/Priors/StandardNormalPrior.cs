using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Priors;

/// <summary>p(z) = N(0, I) (Kingma and Welling 2014); has the closed-form KL to a diagonal Gaussian posterior.</summary>
public sealed record StandardNormalPrior(int Latent) : IPrior
{
    public static StandardNormalPrior Create(ComponentOptions options) => new(options.Latent);

    public Tensor LogProb(Tensor z) => StandardNormal.LogProb(z);

    public Tensor Sample(int n, Rng rng) => StandardNormal.Sample(n, Latent, rng);

    public Tensor? AnalyticKlPerDimension(DiagonalNormal q) => q.KlPerDimensionToStandardNormal();
}
