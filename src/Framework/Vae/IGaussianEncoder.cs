using Research.Framework.Probability;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>
/// An encoder whose q(z|x) is one diagonal Gaussian over the whole latent: what the VampPrior
/// needs to evaluate q(z|u_k) at its pseudo-inputs (Tomczak and Welling 2018, eq. 9).
/// </summary>
public interface IGaussianEncoder
{
    int Latent { get; }

    /// <summary>q(z|x) for x [B, P]: mean and log-std [B, D].</summary>
    DiagonalNormal Encode(Tensor x);
}
