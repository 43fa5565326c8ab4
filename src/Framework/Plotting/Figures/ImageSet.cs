namespace Research.Framework.Plotting.Figures;

/// <summary>Grayscale images of one size, each <c>Height * Width</c> values in [0, 1], row-major.</summary>
public sealed record ImageSet(IReadOnlyList<float[]> Images, int Height, int Width);
