using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The ELBO with free bits (Kingma et al. 2016, IAF, eq. 15): the latent dimensions are split into
/// G groups and each group's KL, averaged over the minibatch, is replaced by max(lambda, KL_j), so
/// no group is pushed below lambda nats:
/// L = E_x[E_q[log p(x|z)]] - beta Σ_j max(lambda, E_x[KL_j]).
/// The gradient of a group's KL vanishes while it is below lambda.
/// </summary>
/// <remarks>
/// Per-group KLs need the closed-form per-dimension KL (Gaussian posterior, standard normal
/// prior); otherwise only one group (the whole latent, with a Monte Carlo KL) is possible.
/// <see cref="ElboTerms.Bound"/> holds the plain ELBO_beta per data point; the loss is minus the
/// free-bits surrogate.
/// </remarks>
public static class FreeBitsObjective
{
    /// <param name="lambda">The free nats per group.</param>
    /// <param name="groups">G, which must divide D (consecutive dimensions form a group); 0 means one per dimension.</param>
    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, float lambda, int groups = 0, int k = 1, float beta = 1f)
    {
        if (!(lambda >= 0f)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Free bits lambda must be non-negative.");
        var pass = ModelPass.Run(model, x, k, rng);
        var reconstruction = pass.LogLikelihood.Mean(axis: 0);
        var kl = pass.Kl();
        Tensor groupKl;
        if (pass.AnalyticKlPerDimension is { } perDim)
        {
            var d = perDim.Shape.Last;
            var g = groups == 0 ? d : groups;
            if (g < 1 || d % g != 0) throw new ArgumentException($"Free bits: {g} groups do not divide the latent width {d}.");
            groupKl = perDim.Mean(axis: 0).Reshape(g, d / g).Sum(axis: -1); // [G], minibatch-averaged
        }
        else
        {
            if (groups > 1) throw new NotSupportedException("Free bits with several groups need the closed-form per-dimension KL (a Gaussian posterior and a standard normal prior).");
            groupKl = kl.Mean().Reshape(1);
        }
        var penalty = groupKl.Clamp(lambda, float.PositiveInfinity).Sum();
        var loss = reconstruction.Mean().Negate().Add(penalty.MulScalar(beta));
        var bound = reconstruction.Subtract(kl.MulScalar(beta));
        return new ElboTerms(loss, bound, reconstruction.Subtract(kl), reconstruction, kl, pass.AnalyticKlPerDimension?.Mean(axis: 0), pass.LogWeights());
    }
}
