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
}
