namespace Research.Framework.Plotting.Figures;

/// <summary>One ground-truth factor set to each of <see cref="Classes"/> in turn (the other factors fixed):
/// the data images and the model's reconstructions of them, one image per class.</summary>
public sealed record FactorTraversal(string Factor, IReadOnlyList<int> Classes, ImageSet Data, ImageSet Reconstructions);
