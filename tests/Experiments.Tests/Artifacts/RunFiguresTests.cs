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
    private static readonly string[] Svgs =
    [
        "figures/learning_curves.svg", "figures/bounds.svg", "figures/kl_weight.svg", "figures/kl_per_dimension.svg", "figures/latent_scatter.svg",
    ];

    private static readonly string[] Pngs =
    [
        "figures/prior_samples.png", "figures/reconstructions.png", "figures/latent_traversals.png", "figures/interpolation.png",
    ];

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
        Assert.That(paths, Is.EquivalentTo(Svgs.Concat(Pngs)));
        Assert.That(paths, Is.Unique);
    }

    [Test]
    public void Render_SvgFigures_ParseWithExpectedSeries()
    {
        var artifacts = Render(5);
        Assert.That(SeriesPerChart(ParseSvg(Find(artifacts, "figures/learning_curves.svg"))).Select(s => s.Count), Is.EqualTo(new[] { 2, 2, 2 }),
            "three panels (ELBO, reconstruction, KL), each train and test");
        var bounds = SeriesPerChart(ParseSvg(Find(artifacts, "figures/bounds.svg"))).Single();
        Assert.That(bounds.Select(s => (string?)s.Attribute("data-name")),
            Is.EqualTo(new[] { "train bound (objective)", "train ELBO", "test ELBO", "test log p(x) (importance sampled)" }),
            "the history's bound differs from its ELBO at epoch 1");
        Assert.That(SeriesPerChart(ParseSvg(Find(artifacts, "figures/kl_weight.svg"))).Single(), Has.Count.EqualTo(1));
        Assert.That(SeriesPerChart(ParseSvg(Find(artifacts, "figures/kl_per_dimension.svg"))).Single(), Has.Count.EqualTo(2), "active and inactive bars");
        var scatter = ParseSvg(Find(artifacts, "figures/latent_scatter.svg"));
        var labels = EvaluationData(Spec(5)).Labels!.Distinct().Count();
        Assert.That(SeriesPerChart(scatter).Single(), Has.Count.EqualTo(labels), "one colour per label");
        Assert.That(Text(Find(artifacts, "figures/latent_scatter.svg")), Does.Contain("PCA of 5-D latents"));
    }

    [Test]
    public void Render_KlWeight_FollowsTheScheduleOverAllSteps()
    {
        var doc = ParseSvg(Find(Render(2), "figures/kl_weight.svg"));
        var line = SeriesPerChart(doc).Single().Single().Descendants(Svg + "polyline").Single();
        Assert.That(((string)line.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(30),
            "the 30 steps taken (0..29), fewer than the 500-point cap");
    }

    [Test]
    public void Render_PngFigures_DecodeWithExpectedSizes()
    {
        // Tiles are 28x28 scaled by 2 (56 px) with 2 px padding: n tiles across are 2 + 58n px.
        static int Span(int tiles) => 2 + 58 * tiles;
        var artifacts = Render(5);
        void Check(string path, int width, int height)
        {
            var image = PngDecoder.Decode(Find(artifacts, path).Content);
            Assert.That((image.Width, image.Height), Is.EqualTo((width, height)), path);
        }
        Check("figures/prior_samples.png", Span(8), Span(8));
        Check("figures/reconstructions.png", Span(8), Span(4) + 6); // 16 inputs over their reconstructions, pairs 6 px apart
        Check("figures/latent_traversals.png", Span(RunFigures.TraversalSteps), Span(5)); // one row per latent unit (5 < 10)
        Check("figures/interpolation.png", Span(RunFigures.InterpolationSteps + 2), Span(1));
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
        Assert.That(paths, Is.EquivalentTo(Svgs));
    }

    [Test]
    public void Render_NoAnalyticKlAndNoHistory_SkipsThoseFigures()
    {
        var spec = Spec(2);
        var data = EvaluationData(spec);
        var model = Model(spec);
        var test = Evaluate(model, data) with { KlPerDimension = null };
        var withoutKl = RunFigures.Render(model, data, History(test), KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1));
        Assert.That(withoutKl.Select(a => a.Path), Does.Not.Contain("figures/kl_per_dimension.svg"));
        var empty = RunFigures.Render(model, data, [], KlSchedules.Create(spec.Objective.KlSchedule, new TrainingShape(10, 3)), 30, new Rng(1)).Select(a => a.Path).ToArray();
        Assert.That(empty, Does.Not.Contain("figures/learning_curves.svg").And.Not.Contain("figures/bounds.svg").And.Contain("figures/prior_samples.png"));
    }

    [TestCase(784, 28)]
    [TestCase(256, 16)]
    [TestCase(30, 0)]
    [TestCase(0, 0)]
    public void ImageSide_Features_SquareSideOrZero(int features, int side) =>
        Assert.That(RunFigures.ImageSide(features), Is.EqualTo(side));
}
