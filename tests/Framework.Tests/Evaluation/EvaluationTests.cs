using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Vae;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;

namespace Research.Framework.Tests.Evaluation;

public class EvaluationTests
{
    [Test]
    public void ImportanceSampling_ChunkSize_DoesNotChangeTheEstimate()
    {
        var model = LinearGaussianModel.Create();
        var x = LinearGaussianModel.Data(5, new Rng(1));
        var whole = ImportanceSampling.LogLikelihood(model, x, 600, new Rng(2), chunk: 600);
        var chunked = ImportanceSampling.LogLikelihood(model, x, 600, new Rng(2), chunk: 70);
        Assert.That(chunked, Is.EqualTo(whole).Within(1e-4));
    }

    [Test]
    public void ImportanceSampling_LeavesNoTensorsBehind()
    {
        var model = LinearGaussianModel.Create();
        var x = LinearGaussianModel.Data(4, new Rng(3));
        using var outer = TensorScope.Begin();
        ImportanceSampling.LogLikelihood(model, x, 1000, new Rng(4), chunk: 100);
        Assert.That(outer.Count, Is.EqualTo(0));
    }

    [Test]
    public void LogAddExp_IsStable()
    {
        Assert.That(ImportanceSampling.LogAddExp(double.NegativeInfinity, -3), Is.EqualTo(-3));
        Assert.That(ImportanceSampling.LogAddExp(1000, 1000), Is.EqualTo(1000 + Math.Log(2)).Within(1e-12));
    }

    /// <summary>N(x W, I): a Gaussian layer without a trunk, mean weights <paramref name="meanWeights"/> [in, out], zero biases, sigma = 1.</summary>
    private static GaussianLayer TrunklessGaussian(float[] meanWeights, int inFeatures, int outFeatures) =>
        new(null,
            new Linear(Tensor.FromArray(meanWeights, new Shape(inFeatures, outFeatures)), Tensor.Zeros(new Shape(outFeatures))),
            new Linear(Tensor.Zeros(new Shape(inFeatures, outFeatures)), Tensor.Zeros(new Shape(outFeatures))));

    /// <summary>A Gaussian posterior whose mean ignores x in latent units 1 and 3 is active in exactly units 0 and 2.</summary>
    [Test]
    public void ActiveUnits_CountsUnitsWhosePosteriorMeanVariesWithX()
    {
        var w = new float[3 * 4];
        w[0 * 4 + 0] = 1f;      // unit 0 follows x0 (variance ~ 1/12 for uniform x)
        w[1 * 4 + 2] = 0.5f;    // unit 2 follows x1 / 2 (~ 1/48)
        w[2 * 4 + 3] = 0.05f;   // unit 3 barely moves (~ 2e-4): inactive
        var encoder = TrunklessGaussian(w, 3, 4);
        var model = new VaeModel(new Research.Framework.Vae.Priors.StandardNormalPrior(4), new GaussianPosterior(encoder), Mlp.Create([4, 3], Activation.Tanh, new Rng(5)), new Research.Framework.Vae.Likelihoods.BernoulliLikelihood(), 4);
        var rng = new Rng(6);
        var batches = Enumerable.Range(0, 10).Select(_ =>
        {
            var x = Tensor.Empty(new Shape(100, 3));
            rng.Uniform(x.Data);
            return x;
        }).ToList();
        var active = ActiveUnits.Compute(model, batches, new Rng(7));
        Assert.That(active.Count, Is.EqualTo(2));
        Assert.That(active.Variances[0], Is.EqualTo(1 / 12.0).Within(0.01));
        Assert.That(active.Variances[2], Is.EqualTo(1 / 48.0).Within(0.003));
        Assert.That(active.Variances[1], Is.EqualTo(0));
    }

    /// <summary>
    /// For a posterior without a Gaussian to read the mean from (hierarchical), E_q[z] is the mean of
    /// the samples: its z1 part matches the mean of q(z1|x) within 4 standard errors (sigma / sqrt(S)).
    /// </summary>
    [Test]
    public void ActiveUnits_ForASampledPosterior_AveragesSamplesToThePosteriorMean()
    {
        const int samples = 4000;
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(5, 3, [8], Activation.Tanh), "standard_normal", "hierarchical", "bernoulli"), new Rng(8));
        var x = Tensor.Empty(new Shape(6, 5));
        new Rng(9).Uniform(x.Data);
        var means = ActiveUnits.PosteriorMeans(model, x, new Rng(10), samples);
        Assert.That(means.Shape, Is.EqualTo(new Shape(6, 3)));
        var q1 = ((HierarchicalPosterior)model.Posterior).Layers[0].Distribution(x); // z1 is the first 2 of [2, 1]
        for (var b = 0; b < 6; b++)
        for (var j = 0; j < 2; j++)
        {
            var se = Math.Exp(q1.LogStd.Row(b)[j]) / Math.Sqrt(samples);
            Assert.That((double)means.Row(b)[j], Is.EqualTo(q1.Mean.Row(b)[j]).Within(4 * se), $"E_q[z1] of point {b}, unit {j}");
        }
    }

    /// <summary>
    /// A two-layer posterior with sigma = 1 everywhere, whose z1 unit 0 follows x0 (A = 1/12) while z1
    /// unit 1 and z2 ignore x (A = 0). Their sampled means (S = 100) still vary by sigma^2 / S = 0.01,
    /// the threshold itself: without removing that noise about half the collapsed units counted as
    /// active. With it, their A_u is within a few 1e-3 of 0 and only unit 0 is active.
    /// </summary>
    [Test]
    public void ActiveUnits_ForASampledPosterior_RemovesTheSamplingNoiseOfTheMeans()
    {
        var w = new float[3 * 2];
        w[0 * 2 + 0] = 1f;
        var bottom = TrunklessGaussian(w, 3, 2);
        var top = TrunklessGaussian(new float[2 * 1], 2, 1);
        var model = new VaeModel(new Research.Framework.Vae.Priors.StandardNormalPrior(3), new HierarchicalPosterior([bottom, top]), Mlp.Create([2, 3], Activation.Tanh, new Rng(5)), new Research.Framework.Vae.Likelihoods.BernoulliLikelihood(), 2);
        var rng = new Rng(12);
        var batches = Enumerable.Range(0, 5).Select(_ =>
        {
            var x = Tensor.Empty(new Shape(100, 3));
            rng.Uniform(x.Data);
            return x;
        }).ToList();

        var active = ActiveUnits.Compute(model, batches, new Rng(13), samples: 100);

        Assert.That(active.Variances[0], Is.EqualTo(1 / 12.0).Within(0.01));
        Assert.That(active.Variances[1], Is.LessThan(0.003), "z1 unit 1 ignores x");
        Assert.That(active.Variances[2], Is.LessThan(0.003), "z2 ignores x");
        Assert.That(active.Count, Is.EqualTo(1));
    }

    [Test]
    public void ActiveUnits_CountPerLayer_SplitsTheUnitsByLayerWidths()
    {
        var active = new ActiveUnits([0.5, 0.0, 0.02, 0.001, 0.3], Count: 3, Threshold: 0.01);
        Assert.That(active.CountPerLayer([3, 2]), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(active.CountPerLayer([5]), Is.EqualTo(new[] { 3 }));
        Assert.Throws<ArgumentException>(() => active.CountPerLayer([3, 3]));
    }

    /// <summary>
    /// log p(x) with K = 5000 (the IWAE paper's evaluation) on a small nonlinear VAE (64 pixels, 4 data
    /// points): drawn in chunks of 500, it equals the estimate from one chunk of 5000 (same draws;
    /// float32 sums in a different order: 1e-3 nats), and, once the tensor pool is warm from one chunk,
    /// allocates under a tenth of what the decoder logits of all K samples at once would take
    /// (K * B * P floats = 5.1 MB): memory is bounded by one chunk, not by K.
    /// </summary>
    [Test]
    public void ImportanceSampling_K5000OnASmallVae_IsChunkInvariantAndAllocatesAboutOneChunk()
    {
        const int p = 64, b = 4, k = 5000, chunk = 500;
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(p, 8, [32], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(40));
        var x = Tensor.Empty(new Shape(b, p));
        new Rng(41).Bernoulli(Enumerable.Repeat(0.4f, b * p).ToArray(), x.Data);

        ImportanceSampling.LogLikelihood(model, x, chunk, new Rng(42), chunk); // warms the pool with one chunk's shapes
        var before = GC.GetAllocatedBytesForCurrentThread();
        var chunked = ImportanceSampling.LogLikelihood(model, x, k, new Rng(43), chunk);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        const long allAtOnce = (long)k * b * p * sizeof(float);
        TestContext.Out.WriteLine($"K = {k} in chunks of {chunk}: {allocated} bytes allocated; all logits at once: {allAtOnce} bytes");
        Assert.That(allocated, Is.LessThan(allAtOnce / 10));

        var whole = ImportanceSampling.LogLikelihood(model, x, k, new Rng(43), chunk: k);
        Assert.That(chunked.All(double.IsFinite), Is.True);
        Assert.That(chunked, Is.EqualTo(whole).Within(1e-3));
    }

    [Test]
    public void Evaluator_OnTheLinearGaussianModel_ReportsConsistentAverages()
    {
        var model = LinearGaussianModel.Create();
        var batches = Enumerable.Range(0, 3).Select(i => LinearGaussianModel.Data(20, new Rng(20 + (ulong)i))).ToList();
        var result = Evaluator.Evaluate(model, batches, new EvaluationOptions(ImportanceSamples: 2000, Chunk: 500, ElboSamples: 200), new Rng(11));
        var exact = batches.SelectMany(b => Enumerable.Range(0, 20).Select(r => LinearGaussianModel.LogMarginal(b.Row(r)))).Average();
        Assert.That(result.Count, Is.EqualTo(60));
        Assert.That(result.LogLikelihood, Is.EqualTo(exact).Within(0.01));
        Assert.That(result.Elbo, Is.LessThan(result.LogLikelihood));
        Assert.That(result.Elbo, Is.EqualTo(result.Reconstruction - result.Kl).Within(1e-6));
        Assert.That(result.KlPerDimension!.Sum(), Is.EqualTo(result.Kl).Within(1e-4));
        Assert.That(result.ActiveUnits.Count, Is.EqualTo(2));
    }

    [Test]
    public void Evaluator_WithSeparateActiveUnitData_MeasuresActivityOnThatData()
    {
        var model = LinearGaussianModel.Create();
        var batches = new[] { LinearGaussianModel.Data(40, new Rng(3)) };
        // The same point repeated: its posterior mean does not vary, so no unit is active on it.
        var repeated = Tensor.FromArray(Enumerable.Range(0, 40).SelectMany(_ => batches[0].Row(0).ToArray()).ToArray(), batches[0].Shape);
        var options = new EvaluationOptions(ImportanceSamples: 10, Chunk: 10);
        var onTest = Evaluator.Evaluate(model, batches, options, new Rng(5));
        var onRepeated = Evaluator.Evaluate(model, batches, options, new Rng(5), activeUnitBatches: [repeated]);
        Assert.That(onTest.ActiveUnits.Count, Is.EqualTo(2));
        Assert.That(onRepeated.ActiveUnits.Count, Is.Zero);
        Assert.That(onRepeated.ActiveUnits.Variances, Has.All.LessThan(1e-10));
        Assert.That(onRepeated.LogLikelihood, Is.EqualTo(onTest.LogLikelihood), "the other metrics are untouched");
    }

    [Test]
    public void Evaluator_ReportsTheDataPointsDoneAfterEachBatch()
    {
        var model = LinearGaussianModel.Create();
        var batches = new[] { LinearGaussianModel.Data(30, new Rng(3)), LinearGaussianModel.Data(12, new Rng(4)) };
        var reports = new List<(int Done, int Total)>();
        Evaluator.Evaluate(model, batches, new EvaluationOptions(ImportanceSamples: 10, Chunk: 10), new Rng(5),
            evaluated: (done, total) => reports.Add((done, total)));
        Assert.That(reports, Is.EqualTo(new[] { (30, 42), (42, 42) }));
    }
}
