using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;
using Research.Framework.Vae.Likelihoods;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Tests.Evaluation;

/// <summary>
/// The disentanglement metrics through a VAE's posterior mean, on a generative process whose two-pixel
/// "images" are its two factors scaled to [0, 1]: an encoder whose mean reads each pixel into its own unit
/// (plus a unit that reads nothing) is perfectly disentangled; one that reads their sum and difference is not.
/// </summary>
public class DisentanglementResultTests
{
    private static readonly GroundTruthProcess Process = new(["a", "b"], [6, 5], (factors, count) =>
    {
        var x = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            x[i * 2] = factors[i * 2] / 5f;
            x[i * 2 + 1] = factors[i * 2 + 1] / 4f;
        }
        return x;
    });

    /// <summary>A VAE on 2 pixels with 3 latent units whose posterior mean is <paramref name="meanWeights"/> [2, 3] times x.</summary>
    private static VaeModel Model(float[] meanWeights)
    {
        var encoder = new GaussianLayer(null,
            new Linear(Tensor.FromArray(meanWeights, new Shape(2, 3)), Tensor.Zeros(new Shape(3))),
            new Linear(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(3))));
        return new VaeModel(new StandardNormalPrior(3), new GaussianPosterior(encoder), Mlp.Create([3, 2], Activation.Tanh, new Rng(5)), new BernoulliLikelihood(), 3);
    }

    /// <summary>z0 = 3 b, z1 = -2 a, z2 = 0.</summary>
    private static VaeModel Perfect() => Model([0, -2, 0, 3, 0, 0]);

    /// <summary>z0 = a + b, z1 = a - b, z2 = 0: each unit an equal mix of both factors.</summary>
    private static VaeModel Mixed() => Model([1, 1, 0, 1, -1, 0]);

    private static readonly DisentanglementOptions Small = new(BatchSize: 16, TrainPoints: 200, EvalPoints: 100, VarianceSamples: 500, Samples: 600, TestSamples: 300);

    [Test]
    public void Compute_PerfectEncoder_ScoresNearOneOnEveryMetric()
    {
        var r = DisentanglementResult.Compute(Perfect(), Process, Small, new Rng(1));
        TestContext.Out.WriteLine(r);
        Assert.Multiple(() =>
        {
            Assert.That(r.BetaVaeScore, Is.EqualTo(1.0), "the fixed factor's unit has zero |z1 - z2|");
            Assert.That(r.FactorVaeScore, Is.EqualTo(1.0), "the fixed factor's unit has zero variance; the constant unit is pruned");
            Assert.That(r.Mig, Is.GreaterThan(0.9), "one unit holds all of each factor's entropy; the other only plug-in bias");
            Assert.That(r.DciDisentanglement, Is.GreaterThan(0.95));
            Assert.That(r.DciCompleteness, Is.GreaterThan(0.95));
            Assert.That(r.DciInformativeness, Is.GreaterThan(0.99), "each factor is a linear function of one unit");
        });
    }

    [Test]
    public void Compute_MixedEncoder_ScoresBelowThePerfectOne()
    {
        var perfect = DisentanglementResult.Compute(Perfect(), Process, Small, new Rng(1));
        var mixed = DisentanglementResult.Compute(Mixed(), Process, Small, new Rng(1));
        TestContext.Out.WriteLine($"perfect {perfect}\nmixed   {mixed}");
        Assert.Multiple(() =>
        {
            Assert.That(mixed.Mig, Is.LessThan(0.3), "both units carry the same information about each factor");
            Assert.That(mixed.DciDisentanglement, Is.LessThan(perfect.DciDisentanglement - 0.3));
            Assert.That(mixed.DciCompleteness, Is.LessThan(perfect.DciCompleteness - 0.3));
            Assert.That(mixed.DciInformativeness, Is.GreaterThan(0.99), "still a linear, invertible code: informative, not disentangled");
            Assert.That(mixed.FactorVaeScore, Is.LessThan(perfect.FactorVaeScore));
        });
    }

    [Test]
    public void Compute_SameSeed_SameScores_OtherSeed_OtherDraws()
    {
        var model = Mixed();
        var a = DisentanglementResult.Compute(model, Process, Small, new Rng(7));
        var b = DisentanglementResult.Compute(model, Process, Small, new Rng(7));
        var c = DisentanglementResult.Compute(model, Process, Small, new Rng(8));
        Assert.That(b, Is.EqualTo(a));
        Assert.That(c.Metrics().Select(m => m.Value), Is.Not.EqualTo(a.Metrics().Select(m => m.Value)));
    }

    [Test]
    public void Metrics_NamesInOrder_MatchNames()
    {
        var r = new DisentanglementResult(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        Assert.That(r.Metrics().Select(m => m.Key), Is.EqualTo(DisentanglementResult.Names));
        Assert.That(r.Metrics().Select(m => m.Value), Is.EqualTo(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }));
    }

    [Test]
    public void Representation_IsThePosteriorMeanOfTheRenderedImages()
    {
        var codes = DisentanglementResult.Representation(Perfect(), Process, new Rng(1))([2, 3, 5, 0], 2);
        Assert.That(codes, Is.EqualTo(new[] { 3 * 3 / 4f, -2 * 2 / 5f, 0f, 0f, -2 * 5 / 5f, 0f }).Within(1e-6f));
    }

    [Test]
    public void FactorTraversalGrid_VariesOneFactorAtATime()
    {
        var grid = FactorTraversalGrid.Compute(Perfect(), Process, new Rng(3), steps: 4);
        Assert.That(grid.Classes[0], Is.EqualTo(new[] { 0, 2, 3, 5 }));
        Assert.That(grid.Classes[1], Is.EqualTo(new[] { 0, 1, 3, 4 }));
        for (var k = 0; k < 2; k++)
        {
            var images = grid.Images[k];
            Assert.That(images, Has.Length.EqualTo(grid.Classes[k].Length * 2));
            Assert.That(grid.Reconstructions[k], Has.Length.EqualTo(images.Length));
            var other = 1 - k;
            for (var i = 0; i < grid.Classes[k].Length; i++)
            {
                Assert.That(images[i * 2 + k], Is.EqualTo(grid.Classes[k][i] / (k == 0 ? 5f : 4f)), "the varied factor's pixel");
                Assert.That(images[i * 2 + other], Is.EqualTo(images[other]), "the other factor stays where it started");
            }
        }
    }

    [TestCase(3, 10, new[] { 0, 1, 2 })]
    [TestCase(40, 5, new[] { 0, 10, 20, 29, 39 })]
    [TestCase(32, 2, new[] { 0, 31 })]
    public void EvenClasses_AllOrEvenlySpacedFromFirstToLast(int size, int steps, int[] expected) =>
        Assert.That(FactorTraversalGrid.EvenClasses(size, steps), Is.EqualTo(expected));

    [Test]
    public void FactorResponse_PerfectEncoder_TheFactorsUnitFollowsItExactly()
    {
        var response = FactorResponse.Compute(Perfect(), Process, new Rng(4), steps: 10, samples: 50);
        Assert.That(response.Classes[1], Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        for (var c = 0; c < 5; c++)
        {
            Assert.That(response.Means[1][c][0], Is.EqualTo(3.0 * c / 4).Within(1e-5), "z0 = 3 b whatever a is");
            Assert.That(response.Means[1][c][2], Is.EqualTo(0.0).Within(1e-6));
        }
        for (var c = 0; c < 6; c++)
            Assert.That(response.Means[0][c][1], Is.EqualTo(-2.0 * c / 5).Within(1e-5), "z1 = -2 a whatever b is");
    }
}
