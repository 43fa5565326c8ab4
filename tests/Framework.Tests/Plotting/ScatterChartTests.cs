using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class ScatterChartTests
{
    [Test]
    public void ToSvg_Groups_OneSeriesPerGroupAndOneDotPerDrawablePoint()
    {
        var rng = new Random(1);
        var groups = Enumerable.Range(0, 4).Select(g =>
            new Series($"class {g}", Enumerable.Range(0, 30).Select(_ => rng.NextDouble() + g).ToArray(),
                Enumerable.Range(0, 30).Select(_ => rng.NextDouble() - g).ToArray())).ToList();
        groups[1] = groups[1] with { Y = groups[1].Y.Select((v, i) => i == 0 ? double.NaN : v).ToArray() };
        var chart = SvgInspector.Charts(SvgInspector.Parse(new ScatterChart("z", "z1", "z2", groups).ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 4);
        Assert.That(SvgInspector.Series(chart).Select(s => s.Elements(SvgInspector.Ns + "circle").Count()), Is.EqualTo(new[] { 30, 29, 30, 30 }));
        Assert.That(SvgInspector.ByClass(chart, "legend-entry"), Has.Count.EqualTo(4));
    }
}
