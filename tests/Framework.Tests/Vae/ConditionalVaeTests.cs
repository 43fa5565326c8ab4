using Research.Framework.Autodiff;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Training;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Tests.Vae;

/// <summary>The conditional VAE (Sohn et al. 2015): label conditioning of encoder, decoder and prior.</summary>
public class ConditionalVaeTests
{
    private const int P = 6, D = 2, C = 3;

    private static VaeModel Cvae(bool learnedPrior, int p = P, int d = D, IReadOnlyList<int>? hidden = null, ulong seed = 11) =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(p, d, hidden ?? [5], Activation.Tanh), "standard_normal", "gaussian", "bernoulli",
            Condition: new Conditioning(C, learnedPrior)), new Rng(seed));

    private static Tensor X(int b = 4, ulong seed = 2)
    {
        var x = Tensor.Empty(new Shape(b, P));
        var rng = new Rng(seed);
        rng.Uniform(x.Data, 0f, 1f);
        rng.Bernoulli(x.Data, x.Data);
        return x;
    }

    private static readonly int[] Labels4 = [0, 2, 1, 2];

    private static ObjectiveSpec Elbo => new(new ComponentSpec("elbo"), K: 1, Beta: 1.0, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"), AnalyticKl: true);

    [Test]
    public void Build_Conditional_WidensTheEncoderAndDecoderInputsByTheClasses()
    {
        var model = Cvae(learnedPrior: true);
        var encoder = ((GaussianPosterior)((LabelledPosterior)model.Posterior).Inner).Encoder;
        Assert.That(encoder.Trunk!.Layers[0].InFeatures, Is.EqualTo(P + C), "q(z|x,y) reads [x, onehot(y)]");
        Assert.That(((Mlp)model.Decoder).Layers[0].InFeatures, Is.EqualTo(D + C), "the decoder reads [z, onehot(y)]");
        Assert.That(model.Prior, Is.TypeOf<ConditionalGaussianPrior>());
        Assert.That(model.NamedParameters().Select(n => n.Name), Has.Some.StartsWith("prior.network."), "the prior network is trained");
        Assert.That(Cvae(learnedPrior: false).Prior, Is.TypeOf<StandardNormalPrior>());
    }

    [Test]
    public void Build_Unconditional_IsUnchangedByTheConditioningCode()
    {
        // The same spec without a condition: the same parameter names, shapes and values as the plain VAE, so
        // unconditional runs keep their numbers (the decoder reads z alone, the encoder x alone).
        var spec = new VaeSpec(new ComponentOptions(P, D, [5], Activation.Tanh), "standard_normal", "gaussian", "bernoulli");
        var (a, b) = (VaeModel.Create(spec, new Rng(11)), VaeModel.Create(spec with { Condition = null }, new Rng(11)));
        Assert.That(a.IsConditional, Is.False);
        Assert.That(a.ForBatch(null), Is.SameAs(a));
        Assert.That(a.NamedParameters().Select(n => n.Name), Does.Not.Contain("labels"));
        Assert.That(((Mlp)a.Decoder).Layers[0].InFeatures, Is.EqualTo(D));
        Assert.That(a.Parameters().SelectMany(t => t.ToArray()), Is.EqualTo(b.Parameters().SelectMany(t => t.ToArray())));
    }

    [Test]
    public void ModelPass_OnAView_HasKSamplesPerDataPointAndTheLabelsReachTheDecoder()
    {
        var model = Cvae(learnedPrior: true);
        var x = X();
        var view = model.Given(OneHot.Encode(Labels4, C));
        var pass = ModelPass.Run(view, x, k: 3, new Rng(5));
        Assert.That(pass.LogLikelihood.Shape, Is.EqualTo(new Shape(3, 4)));
        Assert.That(pass.LogPrior.Shape, Is.EqualTo(new Shape(3, 4)));
        Assert.That(pass.AnalyticKlPerDimension!.Shape, Is.EqualTo(new Shape(4, D)));
        Assert.That(pass.Sample.Z.Shape, Is.EqualTo(new Shape(12, D)));

        // The same latent rows decoded under other labels give other means: the decoder reads y.
        var z = pass.Sample.Z;
        var other = model.Given(OneHot.Encode([1, 0, 0, 1], C));
        using var noGrad = NoGrad.Begin();
        Assert.That(view.DecodeMean(z).ToArray(), Is.Not.EqualTo(other.DecodeMean(z).ToArray()));
        // Row k*B + b is decoded with the label of data point b: decoding sample 1 alone with the 4 labels is rows 4..7.
        var sampleOne = z.Slice(0, 4, 4);
        Assert.That(view.DecodeMean(sampleOne).ToArray(), Is.EqualTo(view.DecodeMean(z).Slice(0, 4, 4).ToArray()).Within(1e-6f));
    }

    [Test]
    public void UnboundConditionalModel_RefusesToEncodeOrDecodeWithoutLabels()
    {
        var model = Cvae(learnedPrior: true);
        Assert.That(() => model.Posterior.Sample(X(), 1, new Rng(1)), Throws.InvalidOperationException.With.Message.Contains("VaeModel.Given"));
        Assert.That(() => model.Decode(Tensor.Zeros(new Shape(2, D))), Throws.InvalidOperationException.With.Message.Contains("model.condition.on: label"));
        Assert.That(() => model.Prior.LogProb(Tensor.Zeros(new Shape(2, D))), Throws.InvalidOperationException.With.Message.Contains("p(z|y)"));
        Assert.That(() => model.ForBatch(null), Throws.ArgumentException.With.Message.Contains("has none"));
        Assert.That(() => model.Given(Tensor.Zeros(new Shape(2, C + 1))), Throws.ArgumentException.With.Message.Contains($"[B, {C}]"));
        Assert.That(() => model.Given(OneHot.Encode([0, 1], C)).Posterior.Sample(X(b: 3), 1, new Rng(1)),
            Throws.ArgumentException.With.Message.Contains("3 rows but 2 labels"));
        var plain = VaeModel.Create(new VaeSpec(new ComponentOptions(P, D, [5], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(1));
        Assert.That(() => plain.ForBatch(OneHot.Encode([0], C)), Throws.ArgumentException.With.Message.Contains("not conditional"));
    }

    [Test]
    public void OneHot_LabelOutsideTheClasses_IsAnErrorNamingIt()
    {
        var rows = OneHot.Encode([2, 0], 3);
        Assert.That(rows.ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 1f, 0f, 0f }));
        Assert.That(() => OneHot.Encode([0, 3], 3), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Label 3 (row 1)"));
    }

    [Test]
    public void ConditionalPrior_AnalyticKl_IsTheClosedFormBetweenTwoDiagonalGaussians()
    {
        var prior = Cvae(learnedPrior: true).Prior as ConditionalGaussianPrior;
        var bound = prior! with { Labels = OneHot.Encode(Labels4, C) };
        var p = bound.Distribution();
        var q = new DiagonalNormal(Tensor.FromArray([0.3f, -1f, 2f, 0.5f, -0.2f, 0.1f, 1.5f, -0.7f], new Shape(4, D)),
            Tensor.FromArray([-0.5f, 0.2f, 0.1f, -1f, 0.3f, 0.4f, -0.2f, 0f], new Shape(4, D)));
        var kl = bound.AnalyticKlPerDimension(q)!.ToArray();
        var (m1, s1, m2, s2) = (q.Mean.ToArray(), q.LogStd.ToArray(), p.Mean.ToArray(), p.LogStd.ToArray());
        for (var i = 0; i < kl.Length; i++)
        {
            // KL(N(m1, e^{2 s1}) || N(m2, e^{2 s2})) = s2 - s1 + (e^{2 s1} + (m1 - m2)^2) / (2 e^{2 s2}) - 1/2, in double.
            var expected = s2[i] - s1[i] + (Math.Exp(2.0 * s1[i]) + Math.Pow(m1[i] - m2[i], 2)) / (2 * Math.Exp(2.0 * s2[i])) - 0.5;
            Assert.That(kl[i], Is.EqualTo(expected).Within(1e-5 + 1e-5 * Math.Abs(expected)), $"entry {i}");
        }
        // And the Monte Carlo KL, E_q[log q - log p] over many draws, agrees within its standard error (4 sigma).
        var draws = 20_000;
        var z = q.RSample(draws, new Rng(9));
        var diff = q.LogProb(z).Subtract(bound.LogProb(z)).Reshape(draws, 4).ToArray();
        for (var b = 0; b < 4; b++)
        {
            var values = Enumerable.Range(0, draws).Select(k => (double)diff[k * 4 + b]).ToArray();
            var mean = values.Average();
            var se = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (draws - 1) / draws);
            Assert.That(mean, Is.EqualTo(kl[b * D] + kl[b * D + 1]).Within(4 * se + 1e-4), $"data point {b}");
        }
    }

    [Test]
    public void ConditionalPrior_LogProbAndSample_AreThePerClassGaussian()
    {
        var prior = (ConditionalGaussianPrior)Cvae(learnedPrior: true).Prior;
        var bound = prior with { Labels = OneHot.Encode([1, 1, 2], C) };
        var p = bound.Distribution();
        Assert.That(p.Mean.Row(0).ToArray(), Is.EqualTo(p.Mean.Row(1).ToArray()), "one Gaussian per class");
        Assert.That(p.Mean.Row(0).ToArray(), Is.Not.EqualTo(p.Mean.Row(2).ToArray()));
        using var noGrad = NoGrad.Begin();
        var z = bound.Sample(3 * 5000, new Rng(4)).ToArray(); // 5000 draws per label, sample-major
        for (var u = 0; u < D; u++)
        {
            var values = Enumerable.Range(0, 5000).Select(k => (double)z[(k * 3 + 2) * D + u]).ToArray();
            var sd = Math.Exp(p.LogStd.ToArray()[2 * D + u]);
            Assert.That(values.Average(), Is.EqualTo(p.Mean.ToArray()[2 * D + u]).Within(4 * sd / Math.Sqrt(5000)), $"mean of unit {u} at y = 2");
        }
        Assert.That(() => bound.Sample(4, new Rng(1)), Throws.ArgumentException.With.Message.Contains("multiple of 3"));
    }

    [Test]
    public void ConditionalElbo_Gradients_MatchFiniteDifferences()
    {
        // The loss of a conditional view (learned prior, closed-form KL between the two Gaussians) as a function
        // of the prior network's heads, the encoder's first layer (its label columns included) and the decoder's.
        var model = Cvae(learnedPrior: true, hidden: [4]);
        var prior = (ConditionalGaussianPrior)model.Prior;
        var encoder = ((GaussianPosterior)((LabelledPosterior)model.Posterior).Inner).Encoder.Trunk!.Layers[0];
        var decoder = ((Mlp)model.Decoder).Layers[0];
        var x = X();
        var labels = OneHot.Encode(Labels4, C);
        Tensor[] inputs = [prior.Network.MeanHead.Weight, prior.Network.LogStdHead.Bias!, encoder.Weight, decoder.Weight];
        GradCheck.Check(_ => ElboObjective.Compute(model.Given(labels), x, new Rng(7)).Bound, inputs, eps: 1e-2f, rtol: 3e-2, atol: 3e-3);
    }

    [Test]
    public void TrainingStep_WithLabels_ReducesTheLossOnSyntheticBars()
    {
        var data = SyntheticBars.Generate(200, seed: 5);
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(data.Features, 4, [32], Activation.Tanh), "standard_normal", "gaussian", "bernoulli",
            Condition: new Conditioning(10, LearnedPrior: true)), new Rng(3));
        var step = new TrainingStep(model, new Adam(model.Parameters(), lr: 3e-3f), Elbo, clipNorm: 0, Device.Native);
        var x = Tensor.FromArray(data.Images.AsSpan(0, 50 * data.Features), new Shape(50, data.Features));
        var y = OneHot.Encode(data.Labels.AsSpan(0, 50), 10);
        double Loss()
        {
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            return -ElboObjective.Compute(model.Given(y), x, new Rng(8), k: 10).Bound.Mean().Item();
        }
        var before = Loss();
        var noise = new Rng(4);
        for (var i = 0; i < 60; i++) Assert.That(step.Take(x, 1.0, 3e-3, noise, y).IsFinite, Is.True);
        var after = Loss();
        TestContext.Out.WriteLine($"negative ELBO on 50 bars: {before:F2} -> {after:F2} nats");
        Assert.That(after, Is.LessThan(before - 20), "60 steps lower the conditional negative ELBO");
        Assert.That(() => step.Take(x, 1.0, 3e-3, noise), Throws.ArgumentException.With.Message.Contains("has none"));
    }

    [Test]
    public void Evaluate_ConditionalModel_NeedsTheLabelsAndScoresLogPxGivenY()
    {
        var model = Cvae(learnedPrior: false);
        var x = X();
        var labels = OneHot.Encode(Labels4, C);
        var result = Evaluator.Evaluate(model, [x], new EvaluationOptions(ImportanceSamples: 50, Chunk: 20), new Rng(3), labels: [labels]);
        var direct = ImportanceSampling.LogLikelihood(model.Given(labels), x, 50, new Rng(3).Split(), 20).Average();
        Assert.That(result.LogLikelihood, Is.EqualTo(direct).Within(1e-9), "the first split of the rng scores log p(x|y) of the view");
        Assert.That(result.ActiveUnits.Variances, Has.Length.EqualTo(D));
        Assert.That(result.Kl, Is.GreaterThan(0), "KL(q(z|x,y) || N(0, I)) in closed form");
        Assert.That(() => Evaluator.Evaluate(model, [x], new EvaluationOptions(ImportanceSamples: 5, Chunk: 5), new Rng(3)),
            Throws.ArgumentException.With.Message.Contains("has none"));
    }
}
