using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class VaeFiguresTests
{
    private static ImageSet Images(int n, int seed, int h = 4, int w = 5)
    {
        var rng = new Random(seed);
        return new ImageSet(Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, h * w).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray(), h, w);
    }

    private static EpochMetrics[] Epochs(int n) => Enumerable.Range(1, n).Select(e =>
        new EpochMetrics(e, -100 + e, -80 + e, 20 - 0.1 * e,
            e % 5 == 0 ? -101 + e : double.NaN, e % 5 == 0 ? -81 + e : double.NaN, e % 5 == 0 ? 20.5 : double.NaN)).ToArray();

    [Test]
    public void LearningCurves_ThreePanelsOfTrainAndTest()
    {
        var doc = SvgInspector.Parse(VaeFigures.LearningCurves(Epochs(30), "IWAE bound (k=5)"));
        var charts = SvgInspector.Charts(doc);
        Assert.That(charts, Has.Count.EqualTo(3));
        foreach (var c in charts) SvgInspector.AssertChart(c, series: 2);
        Assert.That(SvgInspector.ByClass(charts[0], "title").Single().Value, Is.EqualTo("IWAE bound (k=5)"));
        var test = SvgInspector.Series(charts[0])[1];
        Assert.That(test.Elements(SvgInspector.Ns + "circle").Count(), Is.EqualTo(6), "a marker per evaluated epoch");
        Assert.That(SvgInspector.ByClass(doc, "legend"), Has.Count.EqualTo(1));
    }

    [Test]
    public void LearningCurves_NoEpochs_StillRenders() =>
        Assert.That(SvgInspector.Charts(SvgInspector.Parse(VaeFigures.LearningCurves([]))), Has.Count.EqualTo(3));

    [Test]
    public void KlWeight_OneLine()
    {
        var chart = SvgInspector.Charts(SvgInspector.Parse(VaeFigures.KlWeight(
            Enumerable.Range(0, 100).Select(t => new KlWeightPoint(t * 10, Math.Min(1, t / 50.0))).ToArray()))).Single();
        SvgInspector.AssertChart(chart, series: 1);
        Assert.That(SvgInspector.TickValues(chart, "y"), Is.EqualTo(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 }).Within(1e-12));
    }

    [Test]
    public void KlPerDimension_SortedBarsWithActiveUnitsMarked()
    {
        var units = new[] { new LatentUnit(0, 0.01, 0.001), new LatentUnit(1, 3, 0.5), new LatentUnit(2, 1, 0.2), new LatentUnit(3, 0.02, 0.005) };
        var chart = SvgInspector.Charts(SvgInspector.Parse(VaeFigures.KlPerDimension(units))).Single();
        SvgInspector.AssertChart(chart, series: 2);
        Assert.That(SvgInspector.ByClass(chart, "title").Single().Value, Does.Contain("2 of 4 active"));
        Assert.That(SvgInspector.TickLabels(chart, "x"), Is.EqualTo(new[] { "1", "2", "3", "0" }), "sorted by KL, largest first");
        var series = SvgInspector.Series(chart);
        Assert.That(series.Select(s => s.Elements(SvgInspector.Ns + "rect").Count()), Is.EqualTo(new[] { 2, 2 }));
        Assert.That((string?)series[1].Attribute("fill"), Is.EqualTo(Palette.Muted.Hex));
    }

    [Test]
    public void PriorSamples_DecodesToTheGridSize()
    {
        var image = PngDecoder.Decode(VaeFigures.PriorSamples(Images(12, 1), columns: 5));
        var (tw, th) = (5 * VaeFigures.ImageScale, 4 * VaeFigures.ImageScale);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((2 + 5 * (tw + 2), 2 + 3 * (th + 2), 1)));
    }

    [Test]
    public void Reconstructions_InputsAboveReconstructions()
    {
        var inputs = new ImageSet([Enumerable.Repeat(1f, 4).ToArray(), Enumerable.Repeat(1f, 4).ToArray()], 2, 2);
        var recons = new ImageSet([new float[4], new float[4]], 2, 2);
        var image = PngDecoder.Decode(VaeFigures.Reconstructions(inputs, recons, columns: 2));
        var s = VaeFigures.ImageScale;
        Assert.That(image.Height, Is.EqualTo(2 + 2 * (2 * s + 2)));
        Assert.That(image[2, 2], Is.EqualTo(255), "input row: white");
        Assert.That(image[2, 2 + 2 * s + 2], Is.EqualTo(0), "reconstruction row: black");
    }

    [Test]
    public void Reconstructions_MismatchedSets_Throw() =>
        Assert.That(() => VaeFigures.Reconstructions(Images(3, 1), Images(2, 2)), Throws.ArgumentException);

    [Test]
    public void LatentTraversals_OneRowPerDimension()
    {
        var values = new[] { -1.0, 0, 1 };
        var image = PngDecoder.Decode(VaeFigures.LatentTraversals(
            [new LatentTraversal(0, values, Images(3, 1)), new LatentTraversal(4, values, Images(3, 2))]));
        var s = VaeFigures.ImageScale;
        Assert.That((image.Width, image.Height), Is.EqualTo((2 + 3 * (5 * s + 2), 2 + 2 * (4 * s + 2))));
    }

    [Test]
    public void Interpolation_OneRow()
    {
        var image = PngDecoder.Decode(VaeFigures.Interpolation(Images(8, 3)));
        Assert.That(image.Height, Is.EqualTo(2 + 4 * VaeFigures.ImageScale + 2));
        Assert.That(image.Width, Is.EqualTo(2 + 8 * (5 * VaeFigures.ImageScale + 2)));
    }

    [Test]
    public void LatentScatter_TwoDimensions_PlotsCoordinatesByLabel()
    {
        var latents = Enumerable.Range(0, 30).Select(i => new LabelledLatent([i * 0.1, -i * 0.2], i % 3)).ToArray();
        var chart = SvgInspector.Charts(SvgInspector.Parse(VaeFigures.LatentScatter(latents))).Single();
        SvgInspector.AssertChart(chart, series: 3);
        Assert.That(SvgInspector.ByClass(chart, "axis-label", "x").Single().Value, Is.EqualTo("z1"));
        Assert.That(chart.Descendants(SvgInspector.Ns + "circle").Count(c => c.Parent!.Attribute("class")?.Value == "series"), Is.EqualTo(30));
    }

    [Test]
    public void LatentScatter_TenDimensionsTenLabels_UsesPrincipalComponentsAndTenColours()
    {
        var rng = new Random(5);
        var latents = Enumerable.Range(0, 200).Select(i => new LabelledLatent(Enumerable.Range(0, 10).Select(_ => rng.NextDouble() + i % 10).ToArray(), i % 10)).ToArray();
        var chart = SvgInspector.Charts(SvgInspector.Parse(VaeFigures.LatentScatter(latents))).Single();
        SvgInspector.AssertChart(chart, series: 10);
        Assert.That(SvgInspector.ByClass(chart, "axis-label", "x").Single().Value, Does.StartWith("PC1 ("));
        Assert.That(SvgInspector.Series(chart).Select(s => (string)s.Attribute("fill")!), Is.Unique);
    }
}
