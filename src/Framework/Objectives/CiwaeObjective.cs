using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The combination importance weighted bound (Rainforth et al. 2018, "Tighter variational bounds are
/// not necessarily better", section 5): CIWAE_β(x) = β ELBO_K(x) + (1 - β) IWAE_K(x) over the same K
/// samples, with ELBO_K = (1/K) Σ_k log w_k and IWAE_K = log (1/K) Σ_k w_k. By Jensen ELBO_K ≤ IWAE_K,
/// so ELBO ≤ CIWAE_β ≤ IWAE_K for β in [0, 1]; β = 1 is the ELBO, β = 0 IWAE. The ELBO part keeps a
/// gradient signal for the encoder that does not vanish with K.
/// </summary>
/// <remarks>
/// β here is objective.ciwae_beta; the KL weight objective.beta scales the log prior ratio inside the
/// weights as in <see cref="IwaeObjective"/>. objective.estimator may be standard or stl (both terms
/// with log q's parameters held fixed); DReG has no form for the ELBO term here.
/// </remarks>
public static class CiwaeObjective
{
    /// <summary><c>ciwae</c>: objective.k samples, mixing weight objective.ciwae_beta.</summary>
    public static ObjectiveDeclaration Declaration { get; } = new("ciwae", "CIWAE(beta): beta ELBO_K + (1 - beta) IWAE_K on the same samples (Rainforth et al. 2018)",
        (objective, model, x, klWeight, rng) => Compute(model, x, rng, objective.K, (float)objective.CiwaeBeta, ObjectiveDeclaration.Beta(objective, klWeight),
            GradientEstimators.Parse(objective.Estimator)));

    public static ElboTerms Compute(VaeModel model, Tensor x, Rng rng, int k, float mix, float beta = 1f, GradientEstimator estimator = GradientEstimator.Standard)
    {
        if (!(mix is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(mix), mix, "The CIWAE mixing weight must lie in [0, 1].");
        if (estimator == GradientEstimator.Dreg) throw new NotSupportedException("ciwae supports the standard and stl estimators, not dreg.");
        var pass = ModelPass.Run(model, x, k, rng, analyticKl: false);
        var logWeights = pass.LogWeights();
        var scaled = beta == 1f ? logWeights : pass.LogWeights(beta);
        var bound = Combine(scaled, mix);
        var loss = estimator == GradientEstimator.Stl ? Combine(ImportanceWeights.StickingLogWeights(pass, beta), mix).Mean().Negate() : bound.Mean().Negate();
        return ImportanceWeights.Terms(pass, loss, bound, logWeights);
    }

    /// <summary>mix · mean_k logW + (1 - mix) · logmeanexp_k logW, [B].</summary>
    public static Tensor Combine(Tensor logWeights, float mix) =>
        logWeights.Mean(axis: 0).MulScalar(mix).Add(IwaeObjective.LogMeanExp(logWeights).MulScalar(1f - mix));
}
