using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>
/// A conditional diagonal Gaussian N(mu(h), diag(exp(logStd(h))^2)) with h = Trunk(input): an MLP
/// with its activation after every layer (none when there are no hidden layers), then a linear
/// mean head and a linear log-std head. The building block of encoders, hierarchical posteriors
/// and priors, and ladder networks.
/// </summary>
public sealed record GaussianLayer(Mlp? Trunk, Linear MeanHead, Linear LogStdHead) : Module
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

    /// <summary>The hidden state h = Trunk(input) (the input itself without a trunk).</summary>
    public Tensor Hidden(Tensor input) => Trunk is null ? input : Trunk.Forward(input);

    /// <summary>The Gaussian for a hidden state from <see cref="Hidden"/>.</summary>
    public DiagonalNormal FromHidden(Tensor hidden) => new(MeanHead.Forward(hidden), LogStdHead.Forward(hidden));

    public DiagonalNormal Distribution(Tensor input) => FromHidden(Hidden(input));

    /// <summary>The mean.</summary>
    public override Tensor Forward(Tensor x) => MeanHead.Forward(Hidden(x));
}
