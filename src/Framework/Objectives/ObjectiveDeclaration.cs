using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// An objective a spec can name (<c>objective.kind</c>). Its settings are the <c>objective:</c>
/// section's own keys (k, beta, free_bits, ...), so the kind has no options; what it carries is the
/// loss: a pure function of the section, the model, a batch, the schedule's KL weight and the noise.
/// </summary>
public sealed record ObjectiveDeclaration(string Name, string Doc, ObjectiveLoss Compute)
    : ComponentDeclaration<NoOptions>(ComponentKind.Objective, Name, Doc)
{
    /// <summary>The KL weight the objective applies: objective.beta times the schedule's weight.</summary>
    public static float Beta(ObjectiveSpec objective, double klWeight) => (float)(objective.Beta * klWeight);

    /// <summary>The declaration <c>objective.kind</c> names.</summary>
    public static ObjectiveDeclaration Of(ObjectiveSpec objective) =>
        ComponentDeclarations.Find<ObjectiveDeclaration>(ComponentKind.Objective, objective.Kind.Name);
}

/// <summary>A training loss: the terms of <paramref name="x"/> under <paramref name="model"/>, with the schedule's <paramref name="klWeight"/> and the noise from <paramref name="rng"/>.</summary>
public delegate ElboTerms ObjectiveLoss(ObjectiveSpec objective, VaeModel model, Tensor x, double klWeight, Rng rng);
