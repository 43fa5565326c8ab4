namespace Research.Framework.Plotting;

/// <summary>How a legend entry shows its series.</summary>
public enum LegendSymbol
{
    Line,
    LineAndMarker,
    Marker,
    Box,
}

/// <summary>One line of a legend.</summary>
public sealed record LegendEntry(string Label, Rgb Color, LegendSymbol Symbol, string? Dash = null);
