using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>The prior p(z) over the latent rows z [N, D] (see Conventions.md).</summary>
public interface IPrior
{
    /// <summary>The latent width D this prior is defined on.</summary>
    int Latent { get; }

    /// <summary>log p(z) per row: [N].</summary>
    Tensor LogProb(Tensor z);

    /// <summary>n draws z ~ p(z): [n, D].</summary>
    Tensor Sample(int n, Rng rng);

    /// <summary>
    /// KL(q || p) per data point and latent dimension [B, D] in closed form for a diagonal Gaussian
    /// q [B, D], or null where this prior has none (objectives then use a Monte Carlo estimate).
    /// </summary>
    Tensor? AnalyticKlPerDimension(DiagonalNormal q) => null;
}
