using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class SweepFiguresTests
{
    [Test]
    public void BoundVsK_OneLinePerObjectiveOnALogAxis_SeedsAveraged()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(SweepFigures.BoundVsK(
        [
            new("VAE", 1, -86.76), new("VAE", 5, -86.47), new("VAE", 50, -86.35),
            new("IWAE", 1, -86.76), new("IWAE", 5, -85.54), new("IWAE", 50, -84.70), new("IWAE", 50, -84.86),
        ]))).Single();
        SvgInspector.AssertChart(chart, series: 2);
        Assert.That(SvgInspector.TickValues(chart, "x"), Is.EqualTo(new[] { 1.0, 10, 100 }));
        Assert.That(SvgInspector.Series(chart).Select(s => s.Elements(SvgInspector.Ns + "circle").Count()), Is.EqualTo(new[] { 3, 3 }));
        Assert.That(SvgInspector.Series(chart).Select(s => (string)s.Attribute("data-name")!), Is.EqualTo(new[] { "VAE", "IWAE" }));
    }

    [Test]
    public void MetricsVsBeta_OnePanelPerMetric()
    {
        var results = new[] { 0.5, 1, 2, 4, 8 }.SelectMany(b => new BetaMetric[]
        {
            new(b, "test log-likelihood", -86 - b), new(b, "KL", 30 / b), new(b, "active units", 50 / b),
            new(b, "test log-likelihood", -85 - b, "iwae"),
        }).ToArray();
        var charts = SvgInspector.Charts(SvgInspector.Parse(SweepFigures.MetricsVsBeta(results)));
        Assert.That(charts, Has.Count.EqualTo(3));
        SvgInspector.AssertChart(charts[0], series: 2);
        SvgInspector.AssertChart(charts[1], series: 1);
        SvgInspector.AssertChart(charts[2], series: 1);
        Assert.That(SvgInspector.TickValues(charts[0], "x"), Is.EqualTo(new[] { 0.1, 1, 10 }), "log axis: betas span 16x");
    }

    [Test]
    public void MetricsVsBeta_NarrowBetaRange_LinearAxis()
    {
        var charts = SvgInspector.Charts(SvgInspector.Parse(SweepFigures.MetricsVsBeta(
            [new(0, "KL", 30), new(0.5, "KL", 20), new(1, "KL", 10)])));
        SvgInspector.AssertChart(charts.Single(), series: 1);
        Assert.That(SvgInspector.TickValues(charts[0], "x").Min(), Is.EqualTo(0));
    }

    [Test]
    public void LogLikelihoodBySchedule_DotPerScheduleWithSeedRange()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(SweepFigures.LogLikelihoodBySchedule(
        [
            new("constant", -87), new("constant", -86.5), new("linear", -86), new("linear", -85.8), new("cyclical", -85.5), new("cyclical", double.NaN),
        ]))).Single();
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.TickLabels(chart, "x"), Is.EqualTo(new[] { "constant", "linear", "cyclical" }));
        var series = SvgInspector.Series(chart).Single();
        Assert.That(series.Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(3));
        Assert.That(SvgInspector.ByClass(series, "whisker"), Has.Count.EqualTo(3));
        Assert.That(SvgInspector.TickValues(chart, "y").Max(), Is.LessThan(0), "the axis does not stretch to zero");
    }

    [Test]
    public void LearningCurves_AllPointsOverlaidInBothPanels()
    {
        var runs = Enumerable.Range(0, 7).Select(r => new RunCurve($"point {r}", Enumerable.Range(1, 20).Select(e =>
            new EpochMetrics(e, -100 + e + r, -80, 20, e % 4 == 0 ? -101 + e + r : double.NaN)).ToArray())).ToArray();
        var doc = SvgInspector.Parse(SweepFigures.LearningCurves(runs));
        var charts = SvgInspector.Charts(doc);
        Assert.That(charts, Has.Count.EqualTo(2));
        foreach (var c in charts) SvgInspector.AssertChart(c, series: 7);
        Assert.That(SvgInspector.ByClass(charts[1], "legend-entry"), Has.Count.EqualTo(7));
        var testLine = SvgInspector.Series(charts[1])[0].Elements(SvgInspector.Ns + "polyline").Single();
        Assert.That(SvgInspector.Points(testLine), Has.Count.EqualTo(5), "test points joined across epochs without evaluation");
    }

    [Test]
    public void LearningCurves_ShowsLongSweepLabelsWhole()
    {
        string[] labels = ["constant, free_bits=0", "linear(warmup_epochs=1), free_bits=0", "cyclical(cycles=4, ratio=0.5), free_bits=0"];
        var runs = labels.Select(label => new RunCurve(label, Enumerable.Range(1, 5).Select(e => new EpochMetrics(e, -100 + e, -80, 20, -101 + e)).ToArray())).ToArray();
        var legend = SvgInspector.ByClass(SvgInspector.Charts(SvgInspector.Parse(SweepFigures.LearningCurves(runs)))[1], "legend-entry");
        Assert.That(legend.Select(e => e.Value), Is.EqualTo(labels));
    }
}
