using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>
/// A conditional diagonal Gaussian N(mu(h), diag(exp(logStd(h))^2)) with h = Trunk(Features(input)):
/// optional convolutional features (<see cref="ConvEncoder"/>), an MLP with its activation after
/// every layer (none when there are no hidden layers), then a linear mean head and a linear log-std head. The building block of encoders, hierarchical posteriors
/// and priors, and ladder networks.
/// </summary>
public sealed record GaussianLayer(Mlp? Trunk, Linear MeanHead, Linear LogStdHead, ConvEncoder? Features = null) : Module
{
    public int OutFeatures => MeanHead.OutFeatures;

    /// <summary>The width of the trunk's output (the hidden state h).</summary>
    public int HiddenFeatures => MeanHead.InFeatures;

    public static GaussianLayer Create(int inFeatures, IReadOnlyList<int> hidden, int outFeatures, Activation activation, Rng rng)
    {
        Mlp? trunk = hidden.Count == 0 ? null : Mlp.Create([inFeatures, .. hidden], activation, rng.Split(), activateLast: true);
        var width = hidden.Count == 0 ? inFeatures : hidden[^1];
        return new GaussianLayer(trunk, Linear.Create(width, outFeatures, rng.Split()), Linear.Create(width, outFeatures, rng.Split()));
    }

    /// <summary>
    /// As <see cref="Create(int, IReadOnlyList{int}, int, Activation, Rng)"/> behind convolutional
    /// features of <paramref name="conv"/>'s shape (the MLP widths <paramref name="hidden"/> follow them; may be empty).
    /// </summary>
    public static GaussianLayer Create(ConvStack conv, IReadOnlyList<int> hidden, int outFeatures, Activation activation, Rng rng)
    {
        var features = ConvEncoder.Create(conv, activation, rng.Split());
        return Create(features.OutFeatures, hidden, outFeatures, activation, rng) with { Features = features };
    }

    /// <summary>The hidden state h = Trunk(Features(input)) (the input itself without either).</summary>
    public Tensor Hidden(Tensor input)
    {
        var h = Features is null ? input : Features.Forward(input);
        return Trunk is null ? h : Trunk.Forward(h);
    }

    /// <summary>The Gaussian for a hidden state from <see cref="Hidden"/>.</summary>
    public DiagonalNormal FromHidden(Tensor hidden) => new(MeanHead.Forward(hidden), LogStdHead.Forward(hidden));

    public DiagonalNormal Distribution(Tensor input) => FromHidden(Hidden(input));

    /// <summary>The mean.</summary>
    public override Tensor Forward(Tensor x) => MeanHead.Forward(Hidden(x));
}
