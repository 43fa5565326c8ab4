namespace Research.Framework.Vae;

/// <summary>
/// The stochastic layers of a hierarchical component, read from its settings:
/// "layers" (widths D1..DL, z1 first, summing to the latent width; default [D - D/3, D/3], which
/// is the IWAE paper's [100, 50] for D = 150) and "layer_hidden" (the hidden widths between
/// consecutive stochastic layers, the same for every pair; default two layers of twice the upper
/// layer's width, 100-100 between z1 = 100 and z2 = 50 as in the IWAE authors' code).
/// </summary>
public sealed record HierarchyOptions(IReadOnlyList<int> Sizes, IReadOnlyList<int>? LayerHidden)
{
    public static HierarchyOptions From(ComponentOptions options)
    {
        var d = options.Latent;
        var sizes = options.GetInts("layers") ?? (d >= 2 ? [d - d / 3, d / 3] : throw new ArgumentException($"A hierarchical component needs a latent width of at least 2, got {d}."));
        if (sizes.Count < 2 || sizes.Any(s => s < 1))
            throw new ArgumentException($"Setting 'layers' must list two or more positive widths, got [{string.Join(", ", sizes)}].");
        if (sizes.Sum() != d)
            throw new ArgumentException($"Setting 'layers' [{string.Join(", ", sizes)}] sums to {sizes.Sum()}, not the latent width {d}.");
        return new HierarchyOptions(sizes, options.GetInts("layer_hidden"));
    }

    /// <summary>The hidden widths of the network between layer <paramref name="upper"/> - 1 and layer <paramref name="upper"/> (0-based).</summary>
    public IReadOnlyList<int> HiddenBetween(int upper) => LayerHidden ?? [2 * Sizes[upper], 2 * Sizes[upper]];
}
