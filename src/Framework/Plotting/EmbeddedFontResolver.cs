using ScottPlot;
using SkiaSharp;

namespace Research.Framework.Plotting;

/// <summary>
/// A ScottPlot font resolver that answers one family name with a typeface made on demand (for every
/// weight and slant: the embedded font has one face) and leaves every other name to the next resolver.
/// </summary>
internal sealed class EmbeddedFontResolver(string family, Func<SKTypeface> create) : IFontResolver
{
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        Matches(fontName) ? create() : null;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        Matches(fontName) ? create() : null;

    private bool Matches(string fontName) => string.Equals(fontName, family, StringComparison.OrdinalIgnoreCase);
}
