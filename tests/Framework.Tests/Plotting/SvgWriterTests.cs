using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class SvgWriterTests
{
    [Test]
    public void Escape_XmlSpecialCharacters_AreEscaped() =>
        Assert.That(SvgWriter.Escape("a<b & \"c\" > 'd'\u0001"), Is.EqualTo("a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;"));

    [Test]
    public void Element_NonFiniteNumber_IsLeftOut()
    {
        var svg = new SvgWriter().BeginDocument(10, 10)
            .Element("circle", ("cx", SvgWriter.Num(double.NaN)), ("cy", "1"), ("r", "1"))
            .Element("circle", ("cx", SvgWriter.Num(2)), ("cy", SvgWriter.Num(double.PositiveInfinity)), ("r", "1"))
            .Text(double.NaN, 1, "gone")
            .EndDocument();
        var doc = SvgInspector.Parse(svg);
        Assert.That(doc.Descendants(SvgInspector.Ns + "circle"), Is.Empty);
        Assert.That(doc.Descendants(SvgInspector.Ns + "text"), Is.Empty);
    }

    [TestCase(1.005, "1")]
    [TestCase(-0.001, "0")]
    [TestCase(1234.5678, "1234.57")]
    public void Num_InvariantTwoDecimals(double v, string expected) => Assert.That(SvgWriter.Num(v), Is.EqualTo(expected));

    [Test]
    public void Points_SkipsNonFinitePoints() =>
        Assert.That(SvgWriter.Points([(1, 2), (double.NaN, 3), (4.5, 6)]), Is.EqualTo("1,2 4.5,6"));
}
