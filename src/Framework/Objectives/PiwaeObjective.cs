using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The partially importance weighted auto-encoder (Rainforth et al. 2018, "Tighter variational bounds
/// are not necessarily better", section 5): one set of M K samples per data point trains the generative
/// model (decoder, likelihood, prior) on IWAE_{MK}, whose gradient's signal-to-noise ratio grows with
/// the number of samples, and the posterior on MIWAE_{M,K} (<see cref="MiwaeObjective"/>), whose
/// encoder signal-to-noise ratio does not vanish as IWAE's does (their Theorem 1).
/// </summary>
/// <remarks>
/// Both targets come from one backward pass through the gradient-splitting surrogate of
/// <see cref="ImportanceWeights"/>; the loss's value and <see cref="ElboTerms.Bound"/> are IWAE_{MK}.
/// objective.estimator applies to the posterior's MIWAE target (dreg: DReG within each group).
/// </remarks>
public static class PiwaeObjective
{
    /// <summary><c>piwae</c>: the decoder on IWAE over objective.m * objective.k samples, the encoder on MIWAE(objective.m, objective.k).</summary>
    public static ObjectiveDeclaration Declaration { get; } = new("piwae", "PIWAE(M, K): decoder on IWAE_MK, encoder on MIWAE(M, K) (Rainforth et al. 2018)",
        (objective, model, x, klWeight, rng) => Compute(model, x, rng, objective.M, objective.K, ObjectiveDeclaration.Beta(objective, klWeight),
            GradientEstimators.Parse(objective.Estimator)));

    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, int m, int k, float beta = 1f, GradientEstimator estimator = GradientEstimator.Standard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        var pass = ModelPass.Run(model, x, m * k, rng, analyticKl: false);
        var logWeights = pass.LogWeights();
        var bound = IwaeObjective.LogMeanExp(beta == 1f ? logWeights : pass.LogWeights(beta));
        var loss = ImportanceWeights.Surrogate(model, x, pass, beta, decoderGroups: 1, encoderGroups: m, estimator).Mean().Negate();
        return ImportanceWeights.Terms(pass, loss, bound, logWeights);
    }
}
