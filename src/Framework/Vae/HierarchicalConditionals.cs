using Research.Framework.Nn;
using Research.Framework.Randomness;

namespace Research.Framework.Vae;

/// <summary>The generative top-down path p(z_l | z_{l+1}) of a hierarchy, shared by the hierarchical prior and the ladder posterior.</summary>
public static class HierarchicalConditionals
{
    /// <summary>Layer l (0-based) maps z_{l+2} (width Sizes[l+1]) to p(z_{l+1} | z_{l+2}) (width Sizes[l]).</summary>
    public static IReadOnlyList<GaussianLayer> Create(HierarchyOptions h, Activation activation, Rng rng)
    {
        var layers = new GaussianLayer[h.Sizes.Count - 1];
        for (var l = 0; l < layers.Length; l++)
            layers[l] = GaussianLayer.Create(h.Sizes[l + 1], h.HiddenBetween(l + 1), h.Sizes[l], activation, rng.Split());
        return layers;
    }
}
