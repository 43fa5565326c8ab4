using Research.Framework.Data;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Vae;

namespace Research.Experiments.Runner;

/// <summary>Builds the VAE a spec describes, through the component registry.</summary>
public static class ModelFactory
{
    /// <param name="classes">The label classes of the data (<see cref="Classes"/>): the one-hot width of a conditional model (model.condition.on: label).</param>
    public static VaeModel Create(ModelSpec model, int inputSize, Rng rng, int classes = 0)
    {
        var options = new ComponentOptions(inputSize, TotalLatent(model), model.Encoder.Mlp, Activations.Parse(model.Encoder.Activation.Name),
            LayerSettings(model), Conv(model.Encoder, inputSize));
        var spec = new VaeSpec(options, Choice(model.Prior, model), Choice(model.Posterior, model), Choice(model.Likelihood, model), model.Decoder.Mlp,
            Activations.Parse(model.Decoder.Activation.Name), Conv(model.Decoder, inputSize), Condition(model, classes));
        return VaeModel.Create(spec, rng);
    }

    /// <summary>The number of label classes a spec's model is conditioned on: the dataset's for model.condition.on: label, else 0.</summary>
    public static int Classes(ExperimentSpec spec) => spec.Model.IsConditional ? DatasetDeclaration.Of(spec.Data).Classes : 0;

    private static Conditioning? Condition(ModelSpec model, int classes) =>
        !model.IsConditional ? null
        : classes > 0 ? new Conditioning(classes, model.Condition!.LearnedPrior)
        : throw new ArgumentException("model.condition.on: label needs a dataset with labels.");

    /// <summary>A network's convolutional layers on square single-channel images (null without model.*.conv).</summary>
    private static ConvStack? Conv(NetworkSpec network, int inputSize) => network.Conv.Count == 0 ? null : ConvStack.Square(network.Conv, inputSize);

    /// <summary>
    /// The width of the latent rows: model.latent for one stochastic layer; with model.layers (where
    /// model.latent names the top layer only) the sum of every layer's width, z1 first (Vae/Conventions.md).
    /// </summary>
    public static int TotalLatent(ModelSpec model) => model.Layers.Count == 0 ? model.Latent : model.Layers.Sum(l => l.Latent);

    /// <summary>A spec component with its options, plus the stochastic layers for hierarchical components.</summary>
    private static ComponentChoice Choice(ComponentSpec component, ModelSpec model)
    {
        var settings = component.Options.ToDictionary(o => o.Key, o => o.Value!);
        foreach (var (key, value) in LayerSettings(model) ?? new Dictionary<string, object>()) settings.TryAdd(key, value);
        return new ComponentChoice(component.Name, settings);
    }

    /// <summary>
    /// model.layers as the registry's settings: "layers" (latent widths, z1 first) and "layer_hidden"
    /// (the hidden widths of the second layer, used between every pair of stochastic layers); null without layers.
    /// </summary>
    private static Dictionary<string, object>? LayerSettings(ModelSpec model) =>
        model.Layers.Count == 0
            ? null
            : new Dictionary<string, object>
            {
                ["layers"] = model.Layers.Select(l => l.Latent).ToArray(),
                ["layer_hidden"] = model.Layers[^1].Hidden.ToArray(),
            };
}
