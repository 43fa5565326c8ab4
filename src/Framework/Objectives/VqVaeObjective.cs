using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Objectives;

/// <summary>
/// The VQ-VAE loss (van den Oord et al. 2017, eq. 3) per data point:
/// L = -log p(x|z_q(x)) + ||sg[z_e(x)] - e||^2 + beta ||z_e(x) - sg[e]||^2, the squared norms summed over
/// the data point's codes, with the decoder's gradient copied from z_q to z_e (straight-through). With
/// EMA codebook updates (appendix A.1) the codebook term is dropped: the codebook follows its moving
/// averages after each step instead (<see cref="VqPosterior.Update"/>, called by the training step).
/// </summary>
/// <remarks>
/// The bound reported is the ELBO under the uniform prior over codes and the one-hot posterior (section 3.1):
/// log p(x|z_q) - G log K ≤ log p(x), G codes per data point; its KL is the constant G log K. beta is the
/// vq posterior's commitment option; objective.k, objective.beta and the KL schedule do not apply.
/// </remarks>
public static class VqVaeObjective
{
    /// <summary><c>vqvae</c>: needs model.posterior vq (and model.prior uniform_codes for the bound).</summary>
    public static ObjectiveDeclaration Declaration { get; } = new("vqvae",
        "VQ-VAE: reconstruction + codebook + commitment loss (van den Oord et al. 2017, eq. 3); needs posterior vq",
        (_, model, x, _, _) => Compute(model, x));

    public static ElboTerms Compute(VaeModel model, Tensor x)
    {
        var vq = model.Posterior as VqPosterior
            ?? throw new NotSupportedException($"objective.kind: vqvae needs model.posterior: vq, not {model.Posterior.GetType().Name}.");
        var codes = vq.Quantize(x);
        var reconstruction = model.LogLikelihood(x, codes.StraightThrough());
        var perPoint = reconstruction.Negate().Add(codes.CommitmentLoss().MulScalar((float)vq.Settings.Commitment));
        if (!vq.Settings.Ema) perPoint = perPoint.Add(codes.CodebookLoss());
        var logUniform = model.Prior is UniformCodesPrior uniform
            ? uniform.LogUniform
            : throw new NotSupportedException($"objective.kind: vqvae needs model.prior: uniform_codes, not {model.Prior.GetType().Name}.");
        var kl = Tensor.Full(new Shape(codes.Batch), logUniform, reconstruction.Device);
        var bound = reconstruction.Subtract(kl);
        return new ElboTerms(perPoint.Mean(), bound, bound, reconstruction, kl, null, bound.Reshape(1, codes.Batch)) { Codes = codes };
    }
}
