using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class PanelFigureTests
{
    [Test]
    public void ToSvg_ThreePanels_NestedChartsWithDistinctClipIds()
    {
        Chart Panel(int i) => new LineChart($"p{i}", "x", "y", [new Series("a", [0, 1], [i, i + 1]), new Series("b", [0, 1], [1, 0])]) { Width = 300, Height = 200 };
        var doc = SvgInspector.Parse(new PanelFigure("Three", [Panel(0), Panel(1), Panel(2)], Columns: 2).ToSvg());
        var charts = SvgInspector.Charts(doc);
        Assert.That(charts, Has.Count.EqualTo(3));
        foreach (var c in charts) SvgInspector.AssertChart(c, series: 2);
        var ids = doc.Descendants(SvgInspector.Ns + "clipPath").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.That(ids, Is.Unique.And.Count.EqualTo(3));
        Assert.That(SvgInspector.D(doc.Root!, "width"), Is.EqualTo(600));
        Assert.That(SvgInspector.D(doc.Root!, "height"), Is.EqualTo(34 + 400));
        Assert.That(SvgInspector.ByClass(doc, "figure-title").Single().Value, Is.EqualTo("Three"));
    }
}
