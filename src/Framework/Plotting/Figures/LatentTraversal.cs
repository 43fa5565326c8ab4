namespace Research.Framework.Plotting.Figures;

/// <summary>Decodings of one latent code with dimension <see cref="Dimension"/> set to each of
/// <see cref="Values"/> in turn (the others held fixed): one image per value.</summary>
public sealed record LatentTraversal(int Dimension, IReadOnlyList<double> Values, ImageSet Images);
