using Research.Framework.Tensors;
using Research.Framework.Vae.Quantization;

namespace Research.Framework.Objectives;

/// <summary>
/// What an objective computes for a batch x [B, P] with K posterior samples per data point. All
/// tensors live in the caller's scope; per-data-point values are [B] and summed over dimensions.
/// </summary>
/// <param name="Loss">The scalar to minimize: minus the batch mean of <paramref name="Bound"/> (free bits: of its surrogate).</param>
/// <param name="Bound">The objective's bound per data point [B], with its beta (ELBO_beta, or IWAE_K with beta inside the weights).</param>
/// <param name="Elbo">The plain ELBO per data point [B] (beta = 1): Reconstruction - Kl.</param>
/// <param name="Reconstruction">E_q[log p(x|z)] per data point [B], the mean over the K samples.</param>
/// <param name="Kl">KL(q(z|x) || p(z)) per data point [B]: closed form where available, else the mean over K of log q - log p.</param>
/// <param name="KlPerDimension">The closed-form KL per latent dimension averaged over the batch [D]; null when not analytic.</param>
/// <param name="LogWeights">log w = log p(x|z) + log p(z) - log q(z|x), [K, B] (beta = 1).</param>
public sealed record ElboTerms(
    Tensor Loss,
    Tensor Bound,
    Tensor Elbo,
    Tensor Reconstruction,
    Tensor Kl,
    Tensor? KlPerDimension,
    Tensor LogWeights)
{
    /// <summary>The batch's codes when the posterior quantizes (VQ-VAE): their usage and the EMA codebook update after the step.</summary>
    public QuantizedCodes? Codes { get; init; }

    /// <summary>Whether <see cref="Kl"/> is the closed form.</summary>
    public bool AnalyticKl => KlPerDimension is not null;
}
