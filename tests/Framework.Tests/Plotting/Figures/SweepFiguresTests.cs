using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class SweepFiguresTests
{
    private static EpochMetrics[] Curve(double offset, int epochs = 12) => Enumerable.Range(1, epochs)
        .Select(e => new EpochMetrics(e, -100 + e + offset, 0, 0, e % 4 == 0 ? -101 + e + offset : double.NaN)).ToArray();

    [Test]
    public void BoundVsK_TwoObjectives_ATickPerKAndALegend()
    {
        var figure = SweepFigures.BoundVsK([new("VAE", 1, -86.8), new("VAE", 5, -86.5), new("IWAE", 1, -86.8), new("IWAE", 5, -85.5), new("IWAE", 50, -84.8)]);
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Is.SupersetOf(new[] { "1", "5", "50", "VAE", "IWAE", "test log-likelihood (nats)" }));
    }

    [Test]
    public void MetricsVsBeta_ThreeMetrics_APanelEach()
    {
        var results = new[] { 0.5, 1, 2, 4 }.SelectMany(b => new[]
        {
            new BetaMetric(b, "test KL (nats)", 20 / b), new BetaMetric(b, "active units", 30 / b), new BetaMetric(b, "test log-likelihood (nats)", -90 - b),
        }).ToArray();
        var figure = SweepFigures.MetricsVsBeta(results);
        FigureCheck.AssertRendered(figure);
        Assert.That(figure.Width, Is.EqualTo(3 * 440));
        Assert.That(FigureCheck.Texts(figure).Count(t => t == "0.5"), Is.EqualTo(3), "every beta ticked in every panel");
    }

    [Test]
    public void LogLikelihoodBySchedule_Seeds_RangeInTheTitle()
    {
        var figure = SweepFigures.LogLikelihoodBySchedule([new("constant", -87), new("constant", -86.6), new("cyclical(cycles=4, ratio=0.5)", -86), new("cyclical(cycles=4, ratio=0.5)", -85.7)]);
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Does.Contain("constant").And.Contain("cyclical(cycles=4, ratio=0.5)")
            .And.Some.Contains("range over seeds"));
    }

    [Test]
    public void LearningCurves_ThreePoints_LegendNamesTheSweptValuesAndAxesNameTheBounds()
    {
        var figure = SweepFigures.LearningCurves(
            [new RunCurve("iwae, k=5", Curve(0)), new RunCurve("iwae, k=50", Curve(1)), new RunCurve("elbo, k=1", Curve(-1, epochs: 6))],
            "training IWAE bound", "test log p(x), IWAE bound K=5000");
        var png = FigureCheck.AssertRendered(figure);
        var texts = FigureCheck.Texts(figure);
        Assert.That(texts, Is.SupersetOf(new[] { "iwae, k=5", "iwae, k=50", "elbo, k=1" }));
        Assert.That(texts, Does.Contain("training IWAE bound (nats per example)").And.Contain("test log p(x), IWAE bound K=5000 (nats per example)"));
        Assert.That(png.DarkPixels(0, 60, 480, png.Height), Is.GreaterThan(300), "the training panel is drawn");
    }

    [Test]
    public void LearningCurves_NoRuns_Throws() => Assert.Throws<ArgumentException>(() => SweepFigures.LearningCurves([]));
}
