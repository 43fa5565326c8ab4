using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Posteriors;

/// <summary>
/// A bottom-up hierarchical posterior q(z1|x) q(z2|z1) ... q(zL|z_{L-1}), each factor a diagonal
/// Gaussian computed by an MLP with deterministic layers in between: the two-stochastic-layer
/// architecture of the IWAE paper (Burda et al. 2016, section 5), tanh, z1 of 100 and z2 of 50 units;
/// the authors' code builds x -> 200-200 -> z1 -> 100-100 -> z2, and the 784-100-100-100 then
/// 100-50-50-50 reading is the same model with other widths (encoder hidden widths and the
/// "layer_hidden" setting; both are built in HierarchicalPosteriorTests). Latent rows are
/// [z1 | ... | zL]; log q sums the layers' log-densities.
/// </summary>
/// <param name="Layers">Layers[0] maps x to q(z1|x); Layers[l] maps z_l to q(z_{l+1}|z_l).</param>
public sealed record HierarchicalPosterior(IReadOnlyList<GaussianLayer> Layers) : Module, IPosterior, ILatentLayout
{
    public int Latent => Layers.Sum(l => l.OutFeatures);

    public IReadOnlyList<int> LayerSizes => Layers.Select(l => l.OutFeatures).ToArray();

    /// <summary>
    /// Layers of widths <see cref="HierarchyOptions.Sizes"/>; the first reads x through
    /// options.Hidden, each later one reads the layer below through its own hidden widths.
    /// </summary>
    public static PosteriorDeclaration<NoOptions> Declaration { get; } = new("hierarchical",
        "Bottom-up stochastic layers over model.layers (IWAE paper, 2 layers)", (_, model, rng) => Create(model, rng));

    public static HierarchicalPosterior Create(ComponentOptions options, Rng rng)
    {
        var h = HierarchyOptions.From(options);
        var layers = new GaussianLayer[h.Sizes.Count];
        layers[0] = GaussianLayer.Create(options.InputSize, options.Hidden, h.Sizes[0], options.Activation, rng.Split());
        for (var l = 1; l < layers.Length; l++)
            layers[l] = GaussianLayer.Create(h.Sizes[l - 1], h.HiddenBetween(l), h.Sizes[l], options.Activation, rng.Split());
        return new HierarchicalPosterior(layers);
    }

    public PosteriorSample Sample(Tensor x, int k, Rng rng)
    {
        var q1 = Layers[0].Distribution(x);
        var z = q1.RSample(k, rng);
        var logQ = q1.LogProb(z);
        var all = z;
        for (var l = 1; l < Layers.Count; l++)
        {
            var q = Layers[l].Distribution(z); // one distribution per sample row
            z = q.RSample(1, rng);
            logQ = logQ.Add(q.LogProb(z));
            all = all.Concat(z, axis: 1);
        }
        return new PosteriorSample(all, logQ, null);
    }

    /// <summary>The chain of means mu1(x), mu2(mu1), ...: [B, D] (a deterministic code of x).</summary>
    public override Tensor Forward(Tensor x)
    {
        var z = Layers[0].Forward(x);
        var all = z;
        for (var l = 1; l < Layers.Count; l++)
        {
            z = Layers[l].Forward(z);
            all = all.Concat(z, axis: 1);
        }
        return all;
    }
}
