using Research.Experiments.Artifacts;
using Research.Experiments.Runner;
using Research.Framework.Autodiff;
using Research.Framework.Data;
using Research.Framework.Objectives.Schedules;
using Research.Framework.Plotting;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using static Research.Experiments.Tests.Artifacts.ArtifactFixtures;

namespace Research.Experiments.Tests.Artifacts;

public class RunFiguresTests
{
    /// <summary>The charts, each a PNG and an SVG.</summary>
    private static readonly string[] Charts = ["learning_curves", "bounds", "kl_weight", "kl_per_dimension", "latent_scatter"];

    /// <summary>The image grids, PNG only.</summary>
    private static readonly string[] Grids = ["prior_samples", "reconstructions", "latent_traversals", "interpolation"];

    private static IEnumerable<string> Paths(IEnumerable<string> charts, IEnumerable<string> grids) =>
        charts.SelectMany(c => new[] { $"figures/{c}.png", $"figures/{c}.svg" }).Concat(grids.Select(g => $"figures/{g}.png"));

    /// <summary>A tiny model, the synthetic evaluation set and a history with real evaluations, rendered with seed 7.</summary>
    private static IReadOnlyList<Artifact> Render(int latent, ulong seed = 7)
    {
        var spec = Spec(latent);
        var data = EvaluationData(spec);
        var model = Model(spec);
        var schedule = KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(StepsPerEpoch: 10, Epochs: 3));
        return RunFigures.Render(model, data, History(Evaluate(model, data)), schedule, totalSteps: 30, new Rng(seed));
    }

    [TestCase(2)]
    [TestCase(5)]
    public void Render_TinyModel_EveryFigurePresent(int latent)
    {
        var paths = Render(latent).Select(a => a.Path).ToArray();
        Assert.That(paths, Is.EquivalentTo(Paths(Charts, Grids)));
        Assert.That(paths, Is.Unique);
    }

    [Test]
    public void Render_EveryPng_IsADrawnFigureWithText()
    {
        foreach (var artifact in Render(5).Where(a => a.Path.EndsWith(".png", StringComparison.Ordinal)))
            AssertFigurePng(artifact);
    }

    [Test]
    public void Render_Charts_DrawTheirSeriesAndLabels()
    {
        var artifacts = Render(5);
        var curves = SvgTexts(Find(artifacts, "figures/learning_curves.svg"));
        Assert.That(curves, Does.Contain("ELBO (nats per example)").And.Contain("test (evaluated epochs)"));
        Assert.That(curves.Count(t => t == "epoch"), Is.EqualTo(3), "three panels (ELBO, reconstruction, KL)");
        Assert.That(SvgTexts(Find(artifacts, "figures/bounds.svg")),
            Is.SupersetOf(new[] { "train bound (objective)", "train ELBO", "test ELBO", "test log p(x) (importance sampled)" }),
            "the history's bound differs from its ELBO at epoch 1");
        var kl = SvgTexts(Find(artifacts, "figures/kl_per_dimension.svg"));
        Assert.That(kl, Is.SupersetOf(new[] { "0", "1", "2", "3", "4" }), "a tick label per latent dimension");
        Assert.That(kl, Does.Contain("threshold A_u = 0.01"));
        var scatter = SvgTexts(Find(artifacts, "figures/latent_scatter.svg"));
        var labels = EvaluationData(Spec(5)).Labels!.Distinct().Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(scatter, Is.SupersetOf(labels), "a legend entry per label");
        Assert.That(scatter, Does.Contain("PCA of the 5-D posterior means").And.Some.StartsWith("t-SNE"));
    }

    [Test]
    public void Render_KlWeight_ChartOfTheScheduleAgainstSteps()
    {
        var texts = SvgTexts(Find(Render(2), "figures/kl_weight.svg"));
        Assert.That(texts, Does.Contain("KL weight schedule").And.Contain("training step"));
    }

    [Test]
    public void Render_ConstantSchedule_NoKlWeightFigure()
    {
        var spec = Spec(2);
        var data = EvaluationData(spec);
        var model = Model(spec);
        var paths = RunFigures.Render(model, data, History(Evaluate(model, data)), new ConstantKl(), 30, new Rng(1)).Select(a => a.Path);
        Assert.That(paths, Does.Not.Contain("figures/kl_weight.png").And.Contain("figures/learning_curves.png"));
    }

    [Test]
    public void Render_ImageGrids_GrowWithTheirTiles()
    {
        var artifacts = Render(5);
        PngPixels Png(string name) => PngPixels.Decode(Find(artifacts, $"figures/{name}.png").Content);
        // Tiles are 28x28 scaled by 2 (56 px) with 2 px gaps: n tiles across need at least 58n px.
        Assert.That(Png("prior_samples").Width, Is.GreaterThanOrEqualTo(58 * 8));
        Assert.That(Png("prior_samples").Height, Is.GreaterThanOrEqualTo(58 * 8));
        Assert.That(Png("reconstructions").Height, Is.GreaterThanOrEqualTo(58 * 4), "16 inputs over their reconstructions");
        Assert.That(Png("latent_traversals").Width, Is.GreaterThanOrEqualTo(58 * RunFigures.TraversalSteps));
        Assert.That(Png("latent_traversals").Height, Is.GreaterThanOrEqualTo(58 * 5), "one row per latent unit (5 < 10)");
        Assert.That(Png("interpolation").Width, Is.GreaterThanOrEqualTo(58 * (RunFigures.InterpolationSteps + 2)));
    }

    [Test]
    public void Render_SameSeed_SameBytes()
    {
        var (a, b) = (Render(5, seed: 7), Render(5, seed: 7));
        Assert.That(b.Select(x => x.Path), Is.EqualTo(a.Select(x => x.Path)));
        for (var i = 0; i < a.Count; i++) Assert.That(b[i].Content, Is.EqualTo(a[i].Content), a[i].Path);
    }

    [Test]
    public void Render_OtherSeed_OtherPriorSamples()
    {
        Assert.That(Find(Render(5, seed: 8), "figures/prior_samples.png").Content,
            Is.Not.EqualTo(Find(Render(5, seed: 7), "figures/prior_samples.png").Content));
    }

    [Test]
    public void Render_InsideCallersScope_LeavesNoTensorsThereAndGradientsOn()
    {
        var spec = Spec(5);
        var data = EvaluationData(spec);
        var model = Model(spec);
        var history = History(Evaluate(model, data));
        using var scope = TensorScope.Begin();
        RunFigures.Render(model, data, history, KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1));
        Assert.That(scope.Count, Is.Zero, "every tensor lives and dies in the renderer's own scopes");
        Assert.That(NoGrad.IsGradEnabled, Is.True);
    }

    [Test]
    public void Render_FeaturesNotASquare_SkipsTheImageFigures()
    {
        var spec = Spec(2);
        const int features = 30;
        var rng = new Rng(4);
        var images = Enumerable.Range(0, 40 * features).Select(_ => rng.NextFloat() < 0.5f ? 0f : 1f).ToArray();
        var data = new Dataset("flat", images, 40, features, Enumerable.Range(0, 40).Select(i => i % 3).ToArray());
        var model = Model(spec, features);
        var paths = RunFigures.Render(model, data, History(Evaluate(model, data)), KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1))
            .Select(a => a.Path).ToArray();
        Assert.That(paths, Is.EquivalentTo(Paths(Charts, [])));
    }

    [Test]
    public void Render_NoAnalyticKlAndNoHistory_SkipsThoseFigures()
    {
        var spec = Spec(2);
        var data = EvaluationData(spec);
        var model = Model(spec);
        var test = Evaluate(model, data) with { KlPerDimension = null };
        var withoutKl = RunFigures.Render(model, data, History(test), KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1));
        Assert.That(withoutKl.Select(a => a.Path), Does.Not.Contain("figures/kl_per_dimension.png"));
        var empty = RunFigures.Render(model, data, [], KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1)).Select(a => a.Path).ToArray();
        Assert.That(empty, Does.Not.Contain("figures/learning_curves.png").And.Not.Contain("figures/bounds.png").And.Contain("figures/prior_samples.png"));
    }

    [TestCase(784, 28)]
    [TestCase(256, 16)]
    [TestCase(30, 0)]
    [TestCase(0, 0)]
    public void ImageSide_Features_SquareSideOrZero(int features, int side) =>
        Assert.That(RunFigures.ImageSide(features), Is.EqualTo(side));
}
