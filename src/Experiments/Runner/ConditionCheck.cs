using Research.Framework.Data;
using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Runner;

/// <summary>
/// Refuses, before anything trains, a conditional VAE (model.condition.on: label) its data or model
/// cannot support: a dataset declared without labels, a convolutional encoder (the one-hot label is
/// concatenated to the flattened data row), a learned prior p(z|y) next to another model.prior, or a
/// VampPrior (its pseudo-inputs have no labels). Each is a located spec error.
/// </summary>
public static class ConditionCheck
{
    public static void ThrowIfUnsupported(string specPath, IReadOnlyList<SweepPoint> points)
    {
        var errors = new List<SpecError>();
        foreach (var point in points)
            foreach (var (key, message) in Problems(point.Spec))
            {
                var error = SpecError.At(Where(specPath, point, key), key, message);
                if (!errors.Contains(error)) errors.Add(error);
            }
        if (errors.Count > 0) throw new SpecException(errors);
    }

    /// <summary>The (key, message) problems of one resolved spec; none for an unconditional model.</summary>
    public static IEnumerable<(string Key, string Message)> Problems(ExperimentSpec spec)
    {
        var model = spec.Model;
        if (!model.IsConditional) yield break;
        if (DatasetDeclaration.Of(spec.Data).Classes < 1)
            yield return ("model.condition.on", $"label conditioning needs labels, but dataset '{spec.Data.Dataset.Name}' has none (data.dataset)");
        if (model.Encoder.Conv.Count > 0)
            yield return ("model.encoder.conv", "a conditional VAE concatenates onehot(y) to the flattened data row, so its encoder is an MLP: remove model.encoder.conv or set model.condition.on: none");
        if (model.Condition!.LearnedPrior && model.Prior.Name != "standard_normal")
            yield return ("model.prior", $"model.condition.prior: conditional replaces the prior with the learned p(z|y), so model.prior must be standard_normal, not '{model.Prior.Name}'");
        else if (model.Prior.Name == "vampprior")
            yield return ("model.prior", "the VampPrior's pseudo-inputs have no labels: with model.condition.on: label use model.condition.prior: conditional or another prior");
        if (model.Posterior.Name == "vq")
            yield return ("model.posterior", "a conditional VQ-VAE is not built: the vq posterior's codebook updates read the unconditioned encoder; use a gaussian posterior or model.condition.on: none");
    }

    private static SourceLocation Where(string specPath, SweepPoint point, string key) =>
        point.Overrides.Keys.Any(k => key.StartsWith(k, StringComparison.Ordinal))
            ? new SourceLocation($"{specPath} (sweep point {point.Index})", 0, 0)
            : SpecLoader.Locate(specPath, key);
}
