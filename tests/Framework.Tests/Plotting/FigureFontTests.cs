using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class FigureFontTests
{
    [Test]
    public void CreateTypeface_EmbeddedResource_IsDejaVuSansWithLatinGlyphs()
    {
        using var typeface = FigureFont.CreateTypeface();
        Assert.That(typeface.FamilyName, Is.EqualTo("DejaVu Sans"));
        Assert.That(typeface.GlyphCount, Is.GreaterThan(1000));
        Assert.That(typeface.ContainsGlyphs("KL per dimension (nats) 0123456789 ±"), Is.True);
    }

    [Test]
    public void EnsureRegistered_FamilyName_ResolvesToTheEmbeddedFont()
    {
        FigureFont.EnsureRegistered();
        using var embedded = FigureFont.CreateTypeface();
        using var resolved = ScottPlot.Fonts.GetTypeface(FigureFont.Family, bold: true, italic: false);
        Assert.That(resolved.FamilyName, Is.EqualTo(FigureFont.Family));
        Assert.That(resolved.GlyphCount, Is.EqualTo(embedded.GlyphCount), "the embedded face, not an installed one");
        Assert.That(ScottPlot.Fonts.Default, Is.EqualTo(FigureFont.Family));
    }

    [Test]
    public void Render_TitleOnly_DrawsTextPixelsWhereTheTitleIs()
    {
        FigureImage Titled(string title)
        {
            var plot = Plots.Create(title, "", "");
            plot.Layout.Fixed(new ScottPlot.PixelPadding(40, 10, 30, 50));
            return FigureCanvas.Render(plot, 400, 200, svg: false);
        }
        var withTitle = PngPixels.Decode(Titled("Text on a bare machine").Png);
        var without = PngPixels.Decode(Titled("").Png);
        Assert.That(withTitle.DarkPixels(0, 0, 400, 40), Is.GreaterThan(150), "the title above the data area");
        Assert.That(without.DarkPixels(0, 0, 400, 40), Is.Zero, "nothing else is drawn there");
    }
}
