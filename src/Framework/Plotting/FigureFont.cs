using System.Reflection;
using SkiaSharp;

namespace Research.Framework.Plotting;

/// <summary>
/// The one font of every figure: DejaVu Sans 2.37 (Debian's fonts-dejavu-core; the Bitstream Vera
/// license, which allows redistribution, is in Plotting/Fonts/LICENSE), embedded in this assembly.
/// </summary>
/// <remarks>
/// SkiaSharp's NoDependencies native asset has no fontconfig: on a machine without fonts it finds no
/// typeface and draws no text at all, and on one with fonts the figure would depend on which are
/// installed. Every figure names <see cref="Family"/>, and <see cref="EnsureRegistered"/> puts a
/// resolver for it in front of ScottPlot's own, so text renders the same everywhere. Registration is
/// ScottPlot's process-wide font table, done once and never changed after: figures stay pure.
/// </remarks>
public static class FigureFont
{
    public const string Family = "DejaVu Sans";

    private const string ResourceName = "Research.Framework.Plotting.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<byte[]> FontBytes = new(Load);
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>A new typeface of the embedded font (the caller owns it).</summary>
    public static SKTypeface CreateTypeface()
    {
        using var data = SKData.CreateCopy(FontBytes.Value);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"FigureFont: {ResourceName} is not a font");
    }

    /// <summary>Makes ScottPlot resolve <see cref="Family"/> (and its default font) to the embedded font; idempotent and thread-safe.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver(Family, CreateTypeface));
        ScottPlot.Fonts.Default = Family;
        return true;
    }

    private static byte[] Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"FigureFont: the resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
