using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class FactorFiguresTests
{
    private static ImageSet Ramp(int n, float offset) =>
        new(Enumerable.Range(0, n).Select(i => Enumerable.Range(0, 64).Select(p => (p % 8 + i + offset) / 16f).ToArray()).ToArray(), 8, 8);

    [Test]
    public void Traversals_TwoRowsPerFactor_RaggedWidthsAllowed()
    {
        var figure = FactorFigures.Traversals([new FactorTraversal("shape", [0, 1, 2], Ramp(3, 0), Ramp(3, 1)), new FactorTraversal("x", [0, 10, 20, 31], Ramp(4, 0), Ramp(4, 2))]);
        var png = FigureCheck.AssertRendered(figure, svg: false);
        Assert.That(png.Height, Is.GreaterThan(4 * 8 * 2), "four rows of 8-pixel tiles at scale 2");
    }

    [Test]
    public void Traversals_ImagesThatDoNotMatchTheClasses_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => FactorFigures.Traversals([new FactorTraversal("shape", [0, 1, 2], Ramp(2, 0), Ramp(3, 0))]));
        Assert.That(e!.Message, Does.Contain("do not match its classes"));
        Assert.Throws<ArgumentException>(() => FactorFigures.Traversals([]));
    }

    [Test]
    public void CodeResponses_OnePanelPerFactor_WithTheUnitsInTheLegend()
    {
        double[][] Means(int classes) => Enumerable.Range(0, classes).Select(c => new double[] { c, -c * 0.5, 0.1 }).ToArray();
        var figure = FactorFigures.CodeResponses(
            [new FactorCodeResponse("shape", [0, 1, 2], Means(3)), new FactorCodeResponse("scale", [0, 1, 2, 3, 4, 5], Means(6))], [0, 2]);
        FigureCheck.AssertRendered(figure);
        var texts = FigureCheck.Texts(figure);
        Assert.That(texts, Does.Contain("shape").And.Contain("scale").And.Contain("z0").And.Contain("z2"));
        Assert.That(texts, Does.Not.Contain("z1"), "only the units asked for");
        Assert.Throws<ArgumentException>(() => FactorFigures.CodeResponses([], [0]));
    }
}
