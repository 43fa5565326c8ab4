using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class FigureCanvasTests
{
    private static ScottPlot.Plot Line(string title, double slope)
    {
        var plot = Plots.Create(title, "x", "y");
        plot.Add.Scatter(new double[] { 0, 1, 2, 3 }, new[] { 0, slope, 2 * slope, 3 * slope });
        return plot;
    }

    [Test]
    public void Render_ThreePanels_EveryPanelIsDrawn()
    {
        var figure = FigureCanvas.Render([Line("a", 1), Line("b", 2), Line("c", 3)], 300, 240, columns: 3, "Three panels");
        var png = FigureCheck.AssertRendered(figure);
        Assert.That((png.Width, png.Height), Is.EqualTo((900, 34 + 240)));
        for (var i = 0; i < 3; i++)
            Assert.That(png.DarkPixels(i * 300, 60, (i + 1) * 300, png.Height), Is.GreaterThan(200), $"panel {i} (a plot clears the canvas: panels must not erase each other)");
    }

    [Test]
    public void Render_PanelsOfTheirOwnWidths_FigureIsAsWideAsTheirSum()
    {
        var figure = FigureCanvas.Render([(Line("a", 1), 300), (Line("b", 1), 450)], 200, columns: 2, title: null);
        Assert.That((figure.Width, figure.Height), Is.EqualTo((750, 200)));
    }

    [Test]
    public void Render_SameInputTwice_SameBytes()
    {
        var a = FigureCanvas.Render([Line("a", 1), Line("b", 2)], 300, 240, columns: 2, "Deterministic");
        var b = FigureCanvas.Render([Line("a", 1), Line("b", 2)], 300, 240, columns: 2, "Deterministic");
        Assert.That(a.Png, Is.EqualTo(b.Png));
        Assert.That(a.Svg, Is.EqualTo(b.Svg));
    }

    [Test]
    public void Render_Svg_HoldsTheTitleAsText() =>
        Assert.That(FigureCheck.Texts(FigureCanvas.Render([Line("panel", 1)], 300, 240, columns: 1, "Figure title")),
            Does.Contain("Figure title").And.Contain("panel"));

    [Test]
    public void Render_NoPanels_Throws() =>
        Assert.Throws<ArgumentException>(() => FigureCanvas.Render(Array.Empty<ScottPlot.Plot>(), 100, 100, 1, null));
}
