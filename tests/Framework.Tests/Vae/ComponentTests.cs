using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae;
using Research.Framework.Vae.Likelihoods;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Tests.Vae;

public class ComponentTests
{
    private const double HalfLog2Pi = 0.91893853320467274;

    private static double NormalLogPdf(double x, double m, double logS) => -0.5 * Math.Pow((x - m) / Math.Exp(logS), 2) - logS - HalfLog2Pi;

    [Test]
    public void LadderCombine_IsThePrecisionWeightedGaussian()
    {
        var estimate = new DiagonalNormal(GradCheck.Uniform(1, new Shape(2, 3)), GradCheck.Uniform(2, new Shape(2, 3), -1f, 1f));
        var topDown = new DiagonalNormal(GradCheck.Uniform(3, new Shape(4, 3)), GradCheck.Uniform(4, new Shape(4, 3), -1f, 1f)); // K = 2
        var q = LadderPosterior.Combine(estimate, topDown);
        for (var i = 0; i < 12; i++)
        {
            var e = i % 6;
            double pe = Math.Exp(-2 * estimate.LogStd.Data[e]), pp = Math.Exp(-2 * topDown.LogStd.Data[i]);
            var variance = 1 / (pe + pp);
            Assert.That(q.Mean.Data[i], Is.EqualTo((estimate.Mean.Data[e] * pe + topDown.Mean.Data[i] * pp) * variance).Within(1e-5));
            Assert.That(q.LogStd.Data[i], Is.EqualTo(0.5 * Math.Log(variance)).Within(1e-5));
        }
    }

    [Test]
    public void HierarchicalPrior_LogProb_IsTheSumOfItsLayers()
    {
        var prior = HierarchicalPrior.Create(new ComponentOptions(4, 5, [], Activation.Tanh, new Dictionary<string, object> { ["layers"] = new[] { 3, 2 } }), new HierarchicalPosterior([]), new Rng(1));
        var z = GradCheck.Uniform(5, new Shape(4, 5), -2f, 2f);
        var z1 = z.Slice(1, 0, 3);
        var z2 = z.Slice(1, 3, 2);
        var expected = StandardNormal.LogProb(z2).Add(prior.Conditionals[0].Distribution(z2).LogProb(z1));
        Assert.That(prior.LogProb(z).ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-5f));
        Assert.That(prior.Sample(7, new Rng(2)).Shape, Is.EqualTo(new Shape(7, 5)));
    }

    [Test]
    public void HierarchicalPosterior_LogQ_IsTheSumOfItsLayers()
    {
        var posterior = HierarchicalPosterior.Create(new ComponentOptions(4, 5, [6], Activation.Tanh, new Dictionary<string, object> { ["layers"] = new[] { 3, 2 } }), new Rng(3));
        var x = GradCheck.Uniform(6, new Shape(2, 4), 0f, 1f);
        var s = posterior.Sample(x, 3, new Rng(4));
        Assert.That(s.Z.Shape, Is.EqualTo(new Shape(6, 5)));
        Assert.That(s.Gaussian, Is.Null);
        var z1 = s.Z.Slice(1, 0, 3);
        var expected = posterior.Layers[0].Distribution(x).LogProb(z1).Add(posterior.Layers[1].Distribution(z1).LogProb(s.Z.Slice(1, 3, 2)));
        Assert.That(s.LogQ.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-5f));
    }

    [Test]
    public void LadderPosterior_LogQ_MatchesItsSampledLayers()
    {
        var posterior = LadderPosterior.Create(new ComponentOptions(4, 5, [6], Activation.Tanh, new Dictionary<string, object> { ["layers"] = new[] { 3, 2 } }), new Rng(5));
        var x = GradCheck.Uniform(7, new Shape(2, 4), 0f, 1f);
        var s = posterior.Sample(x, 3, new Rng(6));
        var h1 = posterior.BottomUp[0].Hidden(x);
        var top = posterior.BottomUp[1].Distribution(h1);
        var z2 = s.Z.Slice(1, 3, 2);
        var q1 = LadderPosterior.Combine(posterior.BottomUp[0].FromHidden(h1), posterior.TopDown[0].Distribution(z2));
        var expected = top.LogProb(z2).Add(q1.LogProb(s.Z.Slice(1, 0, 3)));
        Assert.That(s.LogQ.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-4f));
    }

    [Test]
    public void VampPrior_LogProb_IsTheMeanOfThePosteriorsAtThePseudoInputs()
    {
        var posterior = GaussianPosterior.Create(new ComponentOptions(4, 2, [5], Activation.Tanh), new Rng(7));
        var prior = (VampPrior)VampPrior.Declaration.Build(new ComponentOptions(4, 2, [5], Activation.Tanh, new Dictionary<string, object> { ["pseudo_inputs"] = 3 }), posterior, new Rng(8));
        var z = GradCheck.Uniform(9, new Shape(4, 2), -2f, 2f);
        var q = posterior.Encode(prior.PseudoInputs);
        var expected = Enumerable.Range(0, 4).Select(n => Math.Log(Enumerable.Range(0, 3).Average(k =>
            Math.Exp(NormalLogPdf(z.Data[n * 2], q.Mean.Data[k * 2], q.LogStd.Data[k * 2]) + NormalLogPdf(z.Data[n * 2 + 1], q.Mean.Data[k * 2 + 1], q.LogStd.Data[k * 2 + 1]))))).ToArray();
        GradCheck.AssertValues(prior.LogProb(z), expected, rtol: 1e-5, atol: 1e-5);
        // The encoder is the posterior's: listed once, under the posterior; the pseudo-inputs are the prior's.
        var model = new VaeModel(prior, posterior, Mlp.Create([2, 4], Activation.Tanh, new Rng(9)), new BernoulliLikelihood(), 2);
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(names, Has.Exactly(1).EqualTo("prior.pseudo_inputs"));
        Assert.That(names.Count(n => n.StartsWith("posterior.", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(names, Has.None.StartsWith("prior.encoder"));
    }

    [Test]
    public void VampPrior_Gradient_ReachesThePseudoInputsAndTheEncoder()
    {
        var posterior = GaussianPosterior.Create(new ComponentOptions(4, 2, [5], Activation.Tanh), new Rng(10));
        var prior = (VampPrior)VampPrior.Declaration.Build(new ComponentOptions(4, 2, [5], Activation.Tanh, new Dictionary<string, object> { ["pseudo_inputs"] = 3 }), posterior, new Rng(11));
        var z = GradCheck.Uniform(12, new Shape(4, 2), -2f, 2f);
        GradCheck.Check(_ => prior.LogProb(z), [prior.PseudoInputs, posterior.Encoder.MeanHead.Weight], eps: 1e-2f);
    }

    [Test]
    public void GaussianLikelihood_Variants_MatchClosedForms()
    {
        var x = Tensor.FromArray([0.1f, 0.9f, 0.4f, 0.6f], new Shape(2, 2));
        var output = GradCheck.Uniform(13, new Shape(4, 2)); // K = 2
        var fixedStd = GaussianLikelihood.WithFixedStd(0.5f).LogProb(x, output);
        var expected = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 2).Sum(j => NormalLogPdf(x.Data[r % 2 * 2 + j], output.Data[r * 2 + j], Math.Log(0.5)))).ToArray();
        GradCheck.AssertValues(fixedStd, expected, rtol: 1e-5, atol: 1e-5);

        var learned = (GaussianLikelihood)GaussianLikelihood.Declaration.Build(new ComponentOptions(2, 1, [], Activation.Tanh, new Dictionary<string, object> { ["learned_variance"] = true, ["variance"] = 0.25 }), new Rng(1));
        Assert.That(learned.LogStd!.RequiresGrad, Is.True);
        GradCheck.AssertValues(learned.LogProb(x, output), expected, rtol: 1e-5, atol: 1e-5);

        var predicted = (GaussianLikelihood)GaussianLikelihood.Declaration.Build(new ComponentOptions(2, 1, [], Activation.Tanh, new Dictionary<string, object> { ["decoder_variance"] = true }), new Rng(1));
        Assert.That(predicted.ParametersPerPixel, Is.EqualTo(2));
        var both = GradCheck.Uniform(14, new Shape(2, 4), -0.5f, 0.5f); // [mean | log-std]
        var expected2 = Enumerable.Range(0, 2).Select(r => Enumerable.Range(0, 2).Sum(j => NormalLogPdf(x.Data[r * 2 + j], both.Data[r * 4 + j], both.Data[r * 4 + 2 + j]))).ToArray();
        GradCheck.AssertValues(predicted.LogProb(x, both), expected2, rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void Likelihoods_MeanAndSample_HaveTheDataShape()
    {
        var rng = new Rng(15);
        foreach (var (likelihood, perPixel) in new (ILikelihood, int)[] { (new BernoulliLikelihood(), 1), (GaussianLikelihood.WithFixedStd(0.1f), 1), (new DiscretizedLogisticLikelihood(), 2) })
        {
            Assert.That(likelihood.ParametersPerPixel, Is.EqualTo(perPixel));
            var output = GradCheck.Uniform(16, new Shape(3, 5 * perPixel), 0f, 1f);
            Assert.That(likelihood.Mean(output).Shape, Is.EqualTo(new Shape(3, 5)), likelihood.GetType().Name);
            Assert.That(likelihood.Sample(output, rng).Shape, Is.EqualTo(new Shape(3, 5)), likelihood.GetType().Name);
        }
    }

    [Test]
    public void VaeModel_SampleAndReconstruct_HaveTheDataShape()
    {
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(6, 4, [8], Activation.Tanh), "hierarchical", "ladder", "discretized_logistic"), new Rng(17));
        using var scope = TensorScope.Begin();
        Assert.That(model.Sample(5, new Rng(18)).Shape, Is.EqualTo(new Shape(5, 6)));
        var x = GradCheck.Uniform(19, new Shape(3, 6), 0f, 1f);
        using (NoGrad.Begin()) Assert.That(model.Forward(x).Shape, Is.EqualTo(new Shape(3, 6)));
    }
}
