using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class ComparisonFiguresTests
{
    [Test]
    public void MetricByRun_NegativeValues_DotPerRunOnAFittedAxis()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(ComparisonFigures.MetricByRun("test_loglik", ["a", "b", "c"], [-90, -92.5, double.NaN]))).Single();

        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.TickLabels(chart, "x"), Is.EqualTo(new[] { "a", "b", "c" }), "runs in the order given");
        Assert.That(SvgInspector.Series(chart).Single().Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(2), "NaN leaves its run empty");
        Assert.That(SvgInspector.TickValues(chart, "y").Max(), Is.LessThan(0), "the axis does not stretch to zero");
    }

    [Test]
    public void MetricByRun_NonNegativeValues_BarsFromZero()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(ComparisonFigures.MetricByRun("active_units", ["a", "b"], [12, 20]))).Single();

        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.Series(chart).Single().Elements(SvgInspector.Ns + "rect").Count(), Is.EqualTo(2));
        Assert.That(SvgInspector.TickValues(chart, "y").Min(), Is.EqualTo(0));
    }

    [Test]
    public void MetricVsParameter_WideRange_LogAxisWithRepeatsAveraged()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(ComparisonFigures.MetricVsParameter("test_loglik", "objective.k",
            [50, 1, 5, 5], [-85, -87, -86, -86.5]))).Single();

        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.TickValues(chart, "x"), Is.EqualTo(new[] { 1.0, 10, 100 }));
        var line = SvgInspector.Series(chart).Single().Elements(SvgInspector.Ns + "polyline").Single();
        var points = SvgInspector.Points(line);
        Assert.That(points, Has.Count.EqualTo(3), "two runs at k = 5 are one point");
        Assert.That(points.Select(p => p.X), Is.Ordered, "joined in order of the parameter");
    }

    [Test]
    public void MetricVsParameter_MismatchedLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => ComparisonFigures.MetricVsParameter("m", "p", [1, 2], [1]));
}
