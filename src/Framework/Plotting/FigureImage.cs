namespace Research.Framework.Plotting;

/// <summary>
/// A rendered figure: PNG file bytes (what MLflow previews) and, for charts, the same figure as an SVG
/// document (null for image grids, whose pixels an SVG would only embed).
/// </summary>
public sealed record FigureImage(byte[] Png, string? Svg, int Width, int Height);
