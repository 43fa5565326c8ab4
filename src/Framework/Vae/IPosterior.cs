using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>K reparameterized posterior samples per data point and their log-densities.</summary>
/// <param name="Z">The latent rows [K*B, D], sample-major (see Conventions.md).</param>
/// <param name="LogQ">log q(z|x) per row [K*B], including every flow's -log|det J|.</param>
/// <param name="Gaussian">
/// The diagonal Gaussian q(z|x) per data point ([B, D] mean and log-std) when the posterior is
/// exactly that (no flow), so objectives can use the analytic KL; null otherwise.
/// </param>
public sealed record PosteriorSample(Tensor Z, Tensor LogQ, DiagonalNormal? Gaussian);

/// <summary>The amortized inference network q(z|x).</summary>
public interface IPosterior
{
    int Latent { get; }

    /// <summary>Encodes x [B, P] and draws K samples per data point with the reparameterization trick.</summary>
    PosteriorSample Sample(Tensor x, int k, Rng rng);
}
