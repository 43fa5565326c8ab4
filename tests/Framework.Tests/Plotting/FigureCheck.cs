using System.Text.RegularExpressions;
using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

/// <summary>Checks every test makes of a rendered figure: a PNG of the stated size that is not blank and has text at the top (the title).</summary>
internal static partial class FigureCheck
{
    public static PngPixels AssertRendered(FigureImage figure, bool svg = true)
    {
        var png = PngPixels.Decode(figure.Png);
        Assert.Multiple(() =>
        {
            Assert.That((png.Width, png.Height), Is.EqualTo((figure.Width, figure.Height)), "PNG size");
            Assert.That(png.Width, Is.GreaterThanOrEqualTo(100));
            Assert.That(png.Height, Is.GreaterThanOrEqualTo(60));
            Assert.That(png.InkFraction, Is.GreaterThan(0.01), "something is drawn");
            Assert.That(png.Colours, Is.GreaterThan(8), "more than a flat background");
            Assert.That(png.DarkPixels(0, 0, png.Width, 40), Is.GreaterThan(60), "the title's text was drawn");
            Assert.That(figure.Svg is not null, Is.EqualTo(svg), "SVG for charts only");
        });
        if (figure.Svg is { } document) Assert.That(document, Does.StartWith("<?xml").And.Contain("<svg").And.Contain("font-family=\"DejaVu Sans\""));
        return png;
    }

    /// <summary>The strings of the SVG's text elements.</summary>
    public static string[] Texts(FigureImage figure) =>
        TextElement().Matches(figure.Svg ?? "").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim())).ToArray();

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex TextElement();
}
