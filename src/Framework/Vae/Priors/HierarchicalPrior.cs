using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Priors;

/// <summary>
/// A hierarchical prior p(zL) Π_{l&lt;L} p(z_l | z_{l+1}) with p(zL) = N(0, I) and each conditional a
/// diagonal Gaussian from an MLP (the generative model of the IWAE paper's two-layer architecture,
/// Burda et al. 2016, section 5, and of the ladder VAE, Sønderby et al. 2016, eq. 2). Latent rows
/// are [z1 | ... | zL]; log p(z) = Σ_{l&lt;L} log p(z_l | z_{l+1}) + log N(zL; 0, I). The decoder reads z1.
/// </summary>
/// <param name="Sizes">The widths D1..DL, z1 first.</param>
/// <param name="Conditionals">Conditionals[l] maps z_{l+2} to p(z_{l+1} | z_{l+2}) (0-based: layer l+1 to layer l).</param>
public sealed record HierarchicalPrior(IReadOnlyList<int> Sizes, IReadOnlyList<GaussianLayer> Conditionals) : Module, IPrior, ILatentLayout
{
    public int Latent => Sizes.Sum();

    public IReadOnlyList<int> LayerSizes => Sizes;

    /// <summary>
    /// With a ladder posterior of the same layers, shares its top-down path (Sønderby et al. 2016);
    /// otherwise owns new conditionals. Settings "layers" and "layer_hidden" (<see cref="HierarchyOptions"/>).
    /// </summary>
    public static PriorDeclaration<NoOptions> Declaration { get; } = new("hierarchical", "p(z_L) p(z_l | z_{l+1}) over model.layers",
        (_, model, posterior, rng) => Create(model, posterior, rng));

    public static HierarchicalPrior Create(ComponentOptions options, IPosterior posterior, Rng rng)
    {
        var h = HierarchyOptions.From(options);
        if (posterior is LadderPosterior ladder && ladder.LayerSizes.SequenceEqual(h.Sizes))
            return new HierarchicalPrior(h.Sizes, ladder.TopDown);
        return new HierarchicalPrior(h.Sizes, HierarchicalConditionals.Create(h, options.Activation, rng));
    }

    public Tensor LogProb(Tensor z)
    {
        var layers = Split(z);
        var logP = StandardNormal.LogProb(layers[^1]);
        for (var l = 0; l < Conditionals.Count; l++)
            logP = logP.Add(Conditionals[l].Distribution(layers[l + 1]).LogProb(layers[l]));
        return logP;
    }

    /// <summary>Ancestral sampling, top layer first, on the conditionals' device (no gradient).</summary>
    public Tensor Sample(int n, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        var z = StandardNormal.Sample(n, Sizes[^1], rng, ParameterDevice());
        var all = z;
        for (var l = Conditionals.Count - 1; l >= 0; l--)
        {
            z = Conditionals[l].Distribution(z).RSample(1, rng);
            all = z.Concat(all, axis: 1);
        }
        return all;
    }

    /// <summary>The layers z1..zL of latent rows [N, D] (column slices).</summary>
    public Tensor[] Split(Tensor z)
    {
        if (z.Shape.Last != Latent) throw new ArgumentException($"HierarchicalPrior: latent rows {z.Shape} do not have width {Latent} = {string.Join(" + ", Sizes)}.");
        var parts = new Tensor[Sizes.Count];
        var start = 0;
        for (var l = 0; l < parts.Length; l++)
        {
            parts[l] = z.Slice(1, start, Sizes[l]);
            start += Sizes[l];
        }
        return parts;
    }

    /// <summary>log p(z), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}
