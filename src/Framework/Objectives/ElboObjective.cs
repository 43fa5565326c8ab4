using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The evidence lower bound with a KL weight, ELBO_beta(x) = E_q[log p(x|z)] - beta KL(q(z|x) || p(z))
/// (Kingma and Welling 2014, eq. 3 and 7; beta-VAE: Higgins et al. 2017, eq. 4), estimated with K
/// reparameterized samples per data point. The KL is the closed form (Kingma and Welling 2014,
/// appendix B) when the posterior is a plain diagonal Gaussian and the prior has a closed form
/// (the standard normal), and the Monte Carlo mean of log q - log p over the K samples otherwise.
/// A KL-annealing schedule enters as beta = base beta * weight(step), chosen by the caller.
/// </summary>
public static class ElboObjective
{
    /// <summary>
    /// <c>elbo</c>: K samples, beta = objective.beta * the schedule's weight, and free bits
    /// (<see cref="FreeBitsObjective"/>) when objective.free_bits > 0, per dimension or per
    /// objective.free_bits_groups groups.
    /// </summary>
    public static ObjectiveDeclaration Declaration { get; } = new("elbo", "ELBO averaged over K samples, with beta and free bits",
        (objective, model, x, klWeight, rng) => objective.Estimator != "standard"
            ? throw new NotSupportedException($"objective.estimator {objective.Estimator} applies to iwae, miwae, piwae and ciwae; elbo trains with the standard reparameterized gradient.")
            : objective.FreeBits > 0
            ? FreeBitsObjective.Compute(model, x, rng, (float)objective.FreeBits, groups: objective.FreeBitsGroups, k: objective.K,
                beta: ObjectiveDeclaration.Beta(objective, klWeight))
            : Compute(model, x, rng, objective.K, ObjectiveDeclaration.Beta(objective, klWeight), objective.AnalyticKl));

    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, int k = 1, float beta = 1f, bool analyticKl = true)
    {
        var pass = ModelPass.Run(model, x, k, rng, analyticKl);
        var reconstruction = pass.LogLikelihood.Mean(axis: 0);
        var kl = pass.Kl();
        var bound = beta == 1f ? reconstruction.Subtract(kl) : reconstruction.Subtract(kl.MulScalar(beta));
        var elbo = beta == 1f ? bound : reconstruction.Subtract(kl);
        return new ElboTerms(bound.Mean().Negate(), bound, elbo, reconstruction, kl, pass.AnalyticKlPerDimension?.Mean(axis: 0), pass.LogWeights());
    }
}
