using Research.Framework.Data;
using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Runner;

/// <summary>
/// Refuses, before anything trains, a point that asks for disentanglement metrics
/// (<c>eval.disentanglement.when: end</c> or <c>every_eval</c>) on a data set without ground-truth factors
/// (MNIST), with a one-unit latent (MIG compares the two most informative units), or for a conditional model.
/// </summary>
public static class DisentanglementCheck
{
    private const string Key = "eval.disentanglement.when";

    public static void ThrowIfNoFactors(string specPath, IReadOnlyList<SweepPoint> points)
    {
        var errors = new List<SpecError>();
        foreach (var point in points)
        {
            var spec = point.Spec;
            if (!spec.Eval.DisentanglementOrDefault.Required) continue;
            var message = DatasetDeclaration.Of(spec.Data).GroundTruth is null
                ? $"{spec.Eval.DisentanglementOrDefault.When} needs a data set with ground-truth factors (e.g. data.dataset: dsprites); {spec.Data.Dataset.Name} has none (use auto or off)"
                : spec.Model.Layers.Count == 0 && spec.Model.Latent < 2
                    ? "the disentanglement metrics need at least 2 latent units (model.latent)"
                    : spec.Model.IsConditional
                        ? "the disentanglement metrics score q(z|x), and a conditional model (model.condition.on: label) encodes q(z|x,y): use auto or off"
                        : null;
            if (message is null) continue;
            var error = SpecError.At(SizeCheck.Where(specPath, point, Key), Key, message);
            if (!errors.Contains(error)) errors.Add(error);
        }
        if (errors.Count > 0) throw new SpecException(errors);
    }
}
