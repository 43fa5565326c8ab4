using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The importance-weighted bound (Burda et al. 2016, eq. 8):
/// IWAE_K(x) = log (1/K) Σ_k w_k, w_k = p(x, z_k) / q(z_k|x), z_k ~ q(z|x), computed stably as
/// logsumexp_k log w_k - log K. IWAE_1 is the ELBO; the bound rises with K to log p(x) (Theorem 1).
/// </summary>
/// <remarks>
/// A KL weight beta (beta-VAE, or a KL-annealing schedule's weight) scales the log prior ratio
/// inside every weight: log w_k = log p(x|z_k) + beta (log p(z_k) - log q(z_k|x)). At K = 1 this is
/// exactly ELBO_beta with a Monte Carlo KL; beta = 1 gives the bound of the paper.
/// objective.estimator picks the posterior's gradient (<see cref="GradientEstimator"/>): the standard
/// one, STL (Roeder et al. 2017) or DReG (Tucker et al. 2018, eq. 5); the bound's value is the same.
/// </remarks>
public static class IwaeObjective
{
    /// <summary><c>iwae</c>: K importance samples, beta = objective.beta * the schedule's weight, objective.estimator.</summary>
    public static ObjectiveDeclaration Declaration { get; } = new("iwae", "IWAE bound: log-mean-exp of K importance weights (Burda et al. 2016)",
        (objective, model, x, klWeight, rng) => Compute(model, x, rng, objective.K, ObjectiveDeclaration.Beta(objective, klWeight),
            GradientEstimators.Parse(objective.Estimator)));

    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, int k, float beta = 1f, GradientEstimator estimator = GradientEstimator.Standard)
    {
        var pass = ModelPass.Run(model, x, k, rng, analyticKl: false);
        var logWeights = pass.LogWeights();
        var bound = LogMeanExp(beta == 1f ? logWeights : pass.LogWeights(beta));
        var loss = estimator == GradientEstimator.Standard
            ? bound.Mean().Negate()
            : ImportanceWeights.Surrogate(model, x, pass, beta, decoderGroups: 1, encoderGroups: 1, estimator).Mean().Negate();
        return ImportanceWeights.Terms(pass, loss, bound, logWeights);
    }

    /// <summary>log (1/K) Σ_k exp(logWeights[k, b]) = logsumexp over axis 0 - log K: [B].</summary>
    public static Tensor LogMeanExp(Tensor logWeights) =>
        logWeights.LogSumExp(axis: 0).AddScalar(-MathF.Log(logWeights.Shape[0]));
}
