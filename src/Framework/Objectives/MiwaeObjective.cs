using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The multiply importance weighted bound (Rainforth, Kosiorek, Le, Maddison, Igl, Wood and Teh 2018,
/// "Tighter variational bounds are not necessarily better", section 5):
/// MIWAE_{M,K}(x) = (1/M) Σ_m log (1/K) Σ_k w_{m,k}, with M K independent samples z_{m,k} ~ q(z|x).
/// It is the mean of M IWAE_K bounds, so ELBO ≤ MIWAE_{M,K} = E[IWAE_K] ≤ IWAE_{MK} for the same M K
/// samples; M = 1 is IWAE_K and K = 1 is the ELBO with M samples. A larger M at fixed M K trades
/// tightness for the encoder's gradient signal-to-noise ratio (their eq. 9 and Theorem 1).
/// </summary>
/// <remarks>beta scales the log prior ratio inside every weight, as in <see cref="IwaeObjective"/>.</remarks>
public static class MiwaeObjective
{
    /// <summary><c>miwae</c>: objective.m bounds of objective.k samples each, with objective.estimator.</summary>
    public static ObjectiveDeclaration Declaration { get; } = new("miwae", "MIWAE(M, K): the mean of M IWAE_K bounds (Rainforth et al. 2018)",
        (objective, model, x, klWeight, rng) => Compute(model, x, rng, objective.M, objective.K, ObjectiveDeclaration.Beta(objective, klWeight),
            GradientEstimators.Parse(objective.Estimator)));

    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, int m, int k, float beta = 1f, GradientEstimator estimator = GradientEstimator.Standard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        var pass = ModelPass.Run(model, x, m * k, rng, analyticKl: false);
        var logWeights = pass.LogWeights();
        var bound = ImportanceWeights.GroupedLogMeanExp(beta == 1f ? logWeights : pass.LogWeights(beta), m);
        var loss = estimator == GradientEstimator.Standard
            ? bound.Mean().Negate()
            : ImportanceWeights.Surrogate(model, x, pass, beta, decoderGroups: m, encoderGroups: m, estimator).Mean().Negate();
        return ImportanceWeights.Terms(pass, loss, bound, logWeights);
    }
}
