using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class VaeFiguresTests
{
    private static ImageSet Images(int n, int seed, int h = 6, int w = 6)
    {
        var rng = new Random(seed);
        return new ImageSet(Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, h * w).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray(), h, w);
    }

    private static EpochMetrics[] Epochs(int n) => Enumerable.Range(1, n).Select(e =>
        new EpochMetrics(e, -100 + e, -80 + e, 20 - 0.1 * e,
            e % 5 == 0 ? -101 + e : double.NaN, e % 5 == 0 ? -81 + e : double.NaN, e % 5 == 0 ? 20.5 : double.NaN)).ToArray();

    [Test]
    public void LearningCurves_Epochs_ThreePanelsNamingTheBound()
    {
        var figure = VaeFigures.LearningCurves(Epochs(30), "IWAE bound (K=5)");
        var png = FigureCheck.AssertRendered(figure);
        var texts = FigureCheck.Texts(figure);
        Assert.That(texts, Does.Contain("IWAE bound (K=5)").And.Contain("IWAE bound (K=5) (nats per example)"));
        Assert.That(texts.Count(t => t == "epoch"), Is.EqualTo(3));
        Assert.That(texts, Does.Contain("test (evaluated epochs)"));
        for (var i = 0; i < 3; i++) Assert.That(png.DarkPixels(i * png.Width / 3, 60, (i + 1) * png.Width / 3, png.Height), Is.GreaterThan(300), $"panel {i}");
    }

    [Test]
    public void LearningCurves_NoEpochs_Throws() => Assert.Throws<ArgumentException>(() => VaeFigures.LearningCurves([]));

    [Test]
    public void Bounds_ObjectiveDiffersFromElbo_FourLinesInTheLegend()
    {
        var figure = VaeFigures.Bounds(Enumerable.Range(1, 10).Select(e => new EpochBounds(e, -90 + e, -91 + e,
            e % 2 == 0 ? -92 + e : double.NaN, e % 2 == 0 ? -89 + e : double.NaN)).ToArray(), "IWAE K=5");
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Is.SupersetOf(new[] { "train bound (IWAE K=5)", "train ELBO", "test ELBO", "test log p(x) (importance sampled)" }));
    }

    [Test]
    public void KlWeight_Constant_TitleSaysSo()
    {
        var figure = VaeFigures.KlWeight(Enumerable.Range(0, 10).Select(t => new KlWeightPoint(t, 1.0)).ToArray());
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Does.Contain("KL weight schedule (constant 1)"));
    }

    [Test]
    public void KlWeight_WarmUp_Rendered() =>
        FigureCheck.AssertRendered(VaeFigures.KlWeight(Enumerable.Range(0, 100).Select(t => new KlWeightPoint(t * 10, Math.Min(1, t / 50.0))).ToArray()));

    [Test]
    public void KlPerDimension_FiftyUnits_EveryDimensionLabelledAndThresholdDrawn()
    {
        var units = Enumerable.Range(0, 50).Select(d => new LatentUnit(d, d < 20 ? 1 + d : 1e-4 * (d - 19), d < 20 ? 0.5 : 1e-5)).ToArray();
        var figure = VaeFigures.KlPerDimension(units, 0.01);
        FigureCheck.AssertRendered(figure);
        var texts = FigureCheck.Texts(figure);
        Assert.That(texts, Is.SupersetOf(Enumerable.Range(0, 50).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))), "a tick label per dimension");
        Assert.That(texts, Does.Contain("threshold A_u = 0.01").And.Contain("KL per latent dimension: 20 of 50 units active (A_u > 0.01)"));
        Assert.That(texts, Does.Contain("0.0001").Or.Contain("1e-05"), "a log axis reaches the inactive units");
    }

    [Test]
    public void KlPerDimension_TwoHundredUnits_LabelsTheTopOnes()
    {
        var units = Enumerable.Range(0, 200).Select(d => new LatentUnit(d, 200 - d, 1)).ToArray();
        var texts = FigureCheck.Texts(VaeFigures.KlPerDimension(units));
        Assert.That(texts, Does.Contain("0").And.Contain("24").And.Not.Contain("150"));
    }

    [Test]
    public void PriorSamples_TwelveImages_TitledWithThePrior()
    {
        var figure = VaeFigures.PriorSamples(Images(12, 1), columns: 5, prior: "VampPrior");
        FigureCheck.AssertRendered(figure, svg: false);
    }

    [Test]
    public void Reconstructions_MismatchedCounts_Throws() =>
        Assert.Throws<ArgumentException>(() => VaeFigures.Reconstructions(Images(3, 1), Images(2, 2)));

    [Test]
    public void Reconstructions_RowsLabelled_WiderThanTheTilesAlone()
    {
        var figure = VaeFigures.Reconstructions(Images(6, 1), Images(6, 2), columns: 3);
        FigureCheck.AssertRendered(figure, svg: false);
        Assert.That(figure.Width, Is.GreaterThan(3 * 6 * VaeFigures.ImageScale + 100), "room for 'reconstruction' at the left");
    }

    [Test]
    public void LatentTraversals_SharedValues_Rendered()
    {
        var values = new[] { -3.0, 0, 3 };
        var figure = VaeFigures.LatentTraversals([new LatentTraversal(4, values, Images(3, 1)), new LatentTraversal(7, values, Images(3, 2))]);
        FigureCheck.AssertRendered(figure, svg: false);
    }

    [Test]
    public void LatentTraversals_RowsOfDifferentSizes_Throws() =>
        Assert.Throws<ArgumentException>(() => VaeFigures.LatentTraversals(
            [new LatentTraversal(0, [0.0], Images(1, 1)), new LatentTraversal(1, [0.0], Images(1, 1, h: 5))]));

    [Test]
    public void Interpolation_TwelveImages_EndpointsFramedInColour()
    {
        var figure = VaeFigures.Interpolation(Images(12, 3));
        var png = FigureCheck.AssertRendered(figure, svg: false);
        Assert.That(png.Pixels.Count(p => p.Red > 180 && p.Green is > 60 and < 130 && p.Blue < 60), Is.GreaterThan(50), "orange frames");
    }

    [Test]
    public void LatentScatter_FiveDimensional_PcaBesideTsne()
    {
        var rng = new Random(4);
        var latents = Enumerable.Range(0, 60).Select(i => new LabelledLatent(Enumerable.Range(0, 5).Select(d => (d == i % 3 ? 5.0 : 0) + rng.NextDouble()).ToArray(), i % 3)).ToArray();
        var figure = VaeFigures.LatentScatter(latents, seed: 2, tsneIterations: 200);
        FigureCheck.AssertRendered(figure);
        var texts = FigureCheck.Texts(figure);
        Assert.That(texts, Does.Contain("PCA of the 5-D posterior means").And.Some.StartsWith("t-SNE (perplexity"));
        Assert.That(texts, Is.SupersetOf(new[] { "0", "1", "2" }), "a legend entry per label");
        Assert.That(VaeFigures.LatentScatter(latents, seed: 2, tsneIterations: 200).Png, Is.EqualTo(figure.Png), "deterministic for a seed");
    }

    [Test]
    public void LatentScatter_TwoDimensional_OnePanelOfTheCoordinates()
    {
        var figure = VaeFigures.LatentScatter(Enumerable.Range(0, 20).Select(i => new LabelledLatent([i, i % 4], i % 4)).ToArray());
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Does.Contain("z1").And.Contain("z2").And.Not.Contain("t-SNE 1"));
    }

    [Test]
    public void LatentScatter_MixedDimensions_Throws() =>
        Assert.Throws<ArgumentException>(() => VaeFigures.LatentScatter([new LabelledLatent([1.0, 2.0], 0), new LabelledLatent([1.0], 1)]));
}
