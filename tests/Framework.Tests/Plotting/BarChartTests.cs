using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class BarChartTests
{
    private static readonly string[] Categories = ["a", "b", "c", "d"];

    [Test]
    public void ToSvg_Grouped_OneBarPerFiniteValueAndTickPerCategory()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(new BarChart("bars", "category", "value", Categories,
            [new BarSeries("s1", [1, 2, double.NaN, 4]), new BarSeries("s2", [2, 3, 1, 0.5])]).ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 2);
        Assert.That(SvgInspector.Series(chart).Select(s => s.Elements(SvgInspector.Ns + "rect").Count()), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(SvgInspector.TickLabels(chart, "x"), Is.EqualTo(Categories));
        Assert.That(SvgInspector.TickValues(chart, "y").Min(), Is.EqualTo(0), "bars start at zero");
    }

    [Test]
    public void ToSvg_NegativeValues_BarsHangFromZero()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(new BarChart("neg", "c", "v", Categories,
            [new BarSeries("s", [-3, 2, -1, 4])]).ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 1);
        var y = SvgInspector.TickValues(chart, "y");
        Assert.That(y.Min(), Is.LessThanOrEqualTo(-3));
        Assert.That(y.Max(), Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void ToSvg_Points_DotsWithWhiskersAndAxisNotForcedToZero()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(new BarChart("ll", "schedule", "nats", Categories,
            [new BarSeries("mean", [-86, -85.5, -87, -86.2]) { Low = [-86.5, -86, -87.4, -86.3], High = [-85.8, -85.1, -86.6, -86.1] }],
            Layout: BarLayout.Points).ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 1);
        var series = SvgInspector.Series(chart).Single();
        Assert.That(series.Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(4));
        Assert.That(SvgInspector.ByClass(series, "whisker"), Has.Count.EqualTo(4));
        Assert.That(SvgInspector.TickValues(chart, "y").Max(), Is.LessThan(0));
    }

    [Test]
    public void ToSvg_ManyCategories_LabelsThinnedButEveryTickInside()
    {
        var categories = Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var chart = SvgInspector.Charts(SvgInspector.Parse(new BarChart("kl", "dim", "kl", categories,
            [new BarSeries("kl", categories.Select((_, i) => 1.0 / (1 + i)).ToArray())]).ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.ByClass(chart, "tick", "x"), Has.Count.EqualTo(100));
        Assert.That(SvgInspector.TickLabels(chart, "x").Count(l => l.Length > 0), Is.InRange(5, 50));
    }

    [Test]
    public void ToSvg_LongCategoryNames_AreSlantedAndTheAxisLabelMovesBelowThem()
    {
        string[] names = ["constant", "linear warm-up over 100 epochs", "sigmoid", "cyclical(M=4, R=0.5)"];
        var chart = SvgInspector.Charts(SvgInspector.Parse(new BarChart("s", "schedule", "v", names,
            [new BarSeries("v", [1, 2, 3, 4])]) { Width = 400 }.ToSvg())).Single();
        SvgInspector.AssertChart(chart, series: 1);
        var labels = SvgInspector.ByClass(chart, "tick", "x").SelectMany(t => t.Elements(SvgInspector.Ns + "text")).ToList();
        Assert.That(labels.All(l => ((string?)l.Attribute("transform"))?.StartsWith("rotate(-45") == true));
        var axisLabelY = SvgInspector.D(SvgInspector.ByClass(chart, "axis-label", "x").Single(), "y");
        Assert.That(axisLabelY, Is.GreaterThan(SvgInspector.PlotArea(chart).Bottom + 60));
    }

    [Test]
    public void ToSvg_WrongValueCount_Throws() =>
        Assert.That(() => new BarChart("t", "x", "y", Categories, [new BarSeries("s", [1, 2])]).ToSvg(),
            Throws.ArgumentException.With.Message.Contains("2 values for 4 categories"));
}
