using System.Xml.Linq;
using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class LineChartTests
{
    private static Series S(string name, double[] x, double[] y) => new(name, x, y);

    private static XElement Render(LineChart chart) => SvgInspector.Charts(SvgInspector.Parse(chart.ToSvg())).Single();

    [Test]
    public void ToSvg_ThreeSeries_WellFormedWithSeriesTicksLabelsAndLegend()
    {
        var x = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var chart = Render(new LineChart("Loss", "epoch", "nats", [
            S("train", x, x.Select(v => -100 + 10 * Math.Log(1 + v)).ToArray()),
            S("test", x, x.Select(v => -105 + 9 * Math.Log(1 + v)).ToArray()),
            S("other", x, x.Select(v => -110 + v * 0.1).ToArray()),
        ]));
        SvgInspector.AssertChart(chart, series: 3);
        Assert.That(SvgInspector.ByClass(chart, "legend-entry"), Has.Count.EqualTo(3));
        Assert.That(SvgInspector.ByClass(chart, "title").Single().Value, Is.EqualTo("Loss"));
        Assert.That(SvgInspector.ByClass(chart, "axis-label", "x").Single().Value, Is.EqualTo("epoch"));
        Assert.That(SvgInspector.ByClass(chart, "axis-label", "y").Single().Value, Is.EqualTo("nats"));
        var yTicks = SvgInspector.TickValues(chart, "y");
        Assert.That(yTicks.Min(), Is.LessThanOrEqualTo(-110));
        Assert.That(yTicks.Max(), Is.GreaterThanOrEqualTo(-100 + 10 * Math.Log(50)));
    }

    [Test]
    public void ToSvg_OneSeries_HasNoLegend()
    {
        var chart = Render(new LineChart("t", "x", "y", [S("only", [1, 2, 3], [3, 1, 2])]));
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.ByClass(chart, "legend"), Is.Empty);
    }

    [Test]
    public void ToSvg_NaNAndInfinity_AreSkippedAndBreakTheLine()
    {
        var chart = Render(new LineChart("t", "x", "y",
            [S("s", [0, 1, 2, 3, 4, 5, 6], [1, 2, double.NaN, 4, 5, double.PositiveInfinity, 7])]));
        SvgInspector.AssertChart(chart, series: 1);
        var series = SvgInspector.Series(chart).Single();
        Assert.That(series.Elements(SvgInspector.Ns + "polyline").Select(p => SvgInspector.Points(p).Count), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(series.Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(1), "the lone point 7 is a marker");
        Assert.That(SvgInspector.TickValues(chart, "y").Max(), Is.LessThan(100), "infinity does not stretch the axis");
    }

    [Test]
    public void ToSvg_EmptySeries_RendersWithDefaultAxes()
    {
        var chart = Render(new LineChart("empty", "x", "y", [S("a", [], []), S("b", [], [])]));
        SvgInspector.AssertChart(chart, series: 2);
        Assert.That(chart.Descendants(SvgInspector.Ns + "polyline"), Is.Empty);
    }

    [Test]
    public void ToSvg_NoSeriesAtAll_IsStillAChart() =>
        SvgInspector.AssertChart(Render(new LineChart("none", "x", "y", [])), series: 0);

    [Test]
    public void ToSvg_SinglePoint_IsAMarkerInsideTheAxes()
    {
        var chart = Render(new LineChart("one", "x", "y", [S("p", [3], [-2])]));
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.Series(chart).Single().Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(1));
        Assert.That(SvgInspector.TickValues(chart, "x").Min(), Is.LessThan(3));
        Assert.That(SvgInspector.TickValues(chart, "x").Max(), Is.GreaterThan(3));
    }

    [Test]
    public void ToSvg_ConstantValues_DegenerateRangeIsWidened()
    {
        var chart = Render(new LineChart("flat", "x", "y", [S("c", [1, 2, 3], [0.5, 0.5, 0.5])]));
        SvgInspector.AssertChart(chart, series: 1);
        var y = SvgInspector.TickValues(chart, "y");
        Assert.That(y.Min(), Is.LessThan(0.5));
        Assert.That(y.Max(), Is.GreaterThan(0.5));
    }

    [Test]
    public void ToSvg_LogAxes_DecadeTicksAndNonPositivePointsSkipped()
    {
        var chart = Render(new LineChart("log", "K", "v", [S("s", [0, 1, 5, 50, 5000], [-1, 0.1, 1, 10, 100])],
            XScale: AxisScale.Log, YScale: AxisScale.Log));
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.TickValues(chart, "x"), Is.EqualTo(new[] { 1.0, 10, 100, 1000, 10000 }));
        Assert.That(SvgInspector.TickValues(chart, "y"), Is.EqualTo(new[] { 0.1, 1, 10, 100 }));
        Assert.That(SvgInspector.TickLabels(chart, "x"), Is.EqualTo(new[] { "1", "10", "100", "1000", "10000" }));
        var polyline = SvgInspector.Series(chart).Single().Elements(SvgInspector.Ns + "polyline").Single();
        Assert.That(SvgInspector.Points(polyline), Has.Count.EqualTo(4));
        Assert.That(SvgInspector.ByClass(chart, "minor-tick", "x"), Is.Not.Empty);
    }

    [Test]
    public void ToSvg_TitleWithXmlCharacters_IsEscapedAndReadsBack()
    {
        var chart = Render(new LineChart("KL(q || p) < 5 & \"beta\"", "x <", "y >", [S("a&b", [1, 2], [1, 2]), S("c<d", [1, 2], [2, 1])]));
        Assert.That(SvgInspector.ByClass(chart, "title").Single().Value, Is.EqualTo("KL(q || p) < 5 & \"beta\""));
        Assert.That(SvgInspector.Series(chart).Select(s => (string)s.Attribute("data-name")!), Is.EqualTo(new[] { "a&b", "c<d" }));
    }

    [Test]
    public void ToSvg_ManySeries_CycleColoursAndDashes()
    {
        var series = Enumerable.Range(0, 12).Select(i => S($"s{i}", [0, 1], [i, i + 1])).ToArray();
        var chart = Render(new LineChart("many", "x", "y", series) { Height = 500 });
        SvgInspector.AssertChart(chart, series: 12);
        var dashed = SvgInspector.Series(chart).Select(s => s.Element(SvgInspector.Ns + "polyline")!.Attribute("stroke-dasharray")).Count(a => a is not null);
        Assert.That(dashed, Is.EqualTo(12 - Palette.OkabeIto.Count));
    }

    [Test]
    public void ToSvg_MismatchedLengths_Throws() =>
        Assert.That(() => new LineChart("t", "x", "y", [S("bad", [1, 2], [1])]).ToSvg(),
            Throws.ArgumentException.With.Message.Contains("'bad'"));
}
