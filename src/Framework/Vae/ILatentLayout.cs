namespace Research.Framework.Vae;

/// <summary>
/// A component with several stochastic layers: latent rows are [z1 | z2 | ... | zL] with z1 (the
/// layer nearest the data, the one the decoder reads) first (see Conventions.md).
/// </summary>
public interface ILatentLayout
{
    /// <summary>The widths D1..DL of the stochastic layers, z1 first; they sum to the latent width.</summary>
    IReadOnlyList<int> LayerSizes { get; }
}
