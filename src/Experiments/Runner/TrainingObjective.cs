using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Runner;

/// <summary>The objective a spec names, as one pure function of (model, batch, KL weight, rng).</summary>
public static class TrainingObjective
{
    /// <summary>
    /// ELBO or IWAE with K samples, beta = objective.beta * klWeight, and free bits when
    /// objective.free_bits > 0 (per dimension, or per objective.free_bits_groups groups; applied to the ELBO's KL; see Conventions.md for IWAE's beta).
    /// </summary>
    public static ElboTerms Compute(ObjectiveSpec objective, VaeModel model, Tensor x, double klWeight, Rng rng)
    {
        var beta = (float)(objective.Beta * klWeight);
        return objective.Kind.Name switch
        {
            "iwae" => IwaeObjective.Compute(model, x, rng, objective.K, beta),
            _ when objective.FreeBits > 0 => FreeBitsObjective.Compute(model, x, rng, (float)objective.FreeBits, groups: objective.FreeBitsGroups, k: objective.K, beta: beta),
            _ => ElboObjective.Compute(model, x, rng, objective.K, beta, objective.AnalyticKl),
        };
    }
}
