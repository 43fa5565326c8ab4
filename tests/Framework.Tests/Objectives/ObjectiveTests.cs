using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Objectives;

public class ObjectiveTests
{
    private static VaeModel Tiny(string prior = "standard_normal", string posterior = "gaussian", string likelihood = "bernoulli") =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(3, 2, [4], Activation.Tanh),
            new ComponentChoice(prior, new Dictionary<string, object> { ["components"] = 2, ["pseudo_inputs"] = 2 }), posterior, likelihood), new Rng(11));

    private static Tensor X => Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 1f], new Shape(2, 3));

    [Test]
    public void Elbo_AnalyticKl_MatchesTheMonteCarloKlWithin4StandardErrors()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        const int k = 20000;
        var analytic = ElboObjective.Compute(model, X, new Rng(1), k: 1);
        var mc = ElboObjective.Compute(model, X, new Rng(1), k: k, analyticKl: false);
        var pass = ModelPass.Run(model, X, k, new Rng(1), analyticKl: false);
        Assert.That(analytic.AnalyticKl, Is.True);
        Assert.That(mc.AnalyticKl, Is.False);
        Assert.That(analytic.KlPerDimension!.Shape, Is.EqualTo(new Shape(2)));
        for (var b = 0; b < 2; b++)
        {
            var ratios = Enumerable.Range(0, k).Select(s => (double)pass.LogPosterior.Data[s * 2 + b] - pass.LogPrior.Data[s * 2 + b]).ToArray();
            var m = ratios.Average();
            var se = Math.Sqrt(ratios.Sum(v => (v - m) * (v - m)) / (k - 1) / k);
            Assert.That(mc.Kl.Data[b], Is.EqualTo(m).Within(1e-3), $"point {b}: the MC KL is the mean log ratio");
            Assert.That(analytic.Kl.Data[b], Is.EqualTo(m).Within(4 * se), $"point {b}");
        }
    }

    [Test]
    public void Elbo_Terms_AreConsistent()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var t = ElboObjective.Compute(model, X, new Rng(2), k: 3, beta: 0.5f);
        Assert.That(t.LogWeights.Shape, Is.EqualTo(new Shape(3, 2)));
        for (var b = 0; b < 2; b++)
        {
            Assert.That(t.Bound.Data[b], Is.EqualTo(t.Reconstruction.Data[b] - 0.5f * t.Kl.Data[b]).Within(1e-5));
            Assert.That(t.Elbo.Data[b], Is.EqualTo(t.Reconstruction.Data[b] - t.Kl.Data[b]).Within(1e-5));
        }
        Assert.That(t.Loss.Item(), Is.EqualTo(-(t.Bound.Data[0] + t.Bound.Data[1]) / 2).Within(1e-5));
    }

    [Test]
    public void Iwae_WithOneSample_IsTheMonteCarloElboBeta()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var iwae = IwaeObjective.Compute(model, X, new Rng(3), k: 1, beta: 0.3f);
        var elbo = ElboObjective.Compute(model, X, new Rng(3), k: 1, beta: 0.3f, analyticKl: false);
        Assert.That(iwae.Bound.ToArray(), Is.EqualTo(elbo.Bound.ToArray()).Within(1e-5f));
    }

    [Test]
    public void Iwae_Bound_IsTheLogMeanExpOfItsBetaWeights()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        const float beta = 0.7f;
        var t = IwaeObjective.Compute(model, X, new Rng(4), k: 5, beta: beta);
        var pass = ModelPass.Run(model, X, 5, new Rng(4), analyticKl: false);
        for (var b = 0; b < 2; b++)
        {
            var w = Enumerable.Range(0, 5).Select(k => (double)pass.LogLikelihood.Data[k * 2 + b] + beta * (pass.LogPrior.Data[k * 2 + b] - pass.LogPosterior.Data[k * 2 + b])).ToArray();
            var m = w.Max();
            Assert.That(t.Bound.Data[b], Is.EqualTo(m + Math.Log(w.Sum(v => Math.Exp(v - m)) / 5)).Within(1e-4));
        }
    }

    [Test]
    public void LogMeanExp_OfHugeWeights_DoesNotOverflow()
    {
        var w = Tensor.FromArray([1000f, -5000f, 1000f, -5000f], new Shape(2, 2));
        GradCheck.AssertValues(IwaeObjective.LogMeanExp(w), [1000, -5000]);
    }

    [Test]
    public void FreeBits_AboveEveryGroupsKl_RemovesTheKlGradient()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var parameters = model.Parameters();
        FreeBitsObjective.Compute(model, X, new Rng(5), lambda: 1000f).Loss.Backward();
        var freeBits = parameters.Select(p => p.Grad?.ToArray() ?? new float[p.Size]).ToArray();
        foreach (var p in parameters) p.ZeroGrad();
        ElboObjective.Compute(model, X, new Rng(5)).Reconstruction.Mean().Negate().Backward();
        var reconOnly = parameters.Select(p => p.Grad?.ToArray() ?? new float[p.Size]).ToArray();
        for (var i = 0; i < parameters.Count; i++) Assert.That(freeBits[i], Is.EqualTo(reconOnly[i]).Within(1e-6f));
        foreach (var p in parameters) p.ZeroGrad();
    }

    [Test]
    public void FreeBits_WithZeroLambda_IsTheElboLoss()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var fb = FreeBitsObjective.Compute(model, X, new Rng(6), lambda: 0f, beta: 0.5f);
        var elbo = ElboObjective.Compute(model, X, new Rng(6), beta: 0.5f);
        Assert.That(fb.Loss.Item(), Is.EqualTo(elbo.Loss.Item()).Within(1e-5));
    }

    [Test]
    public void FreeBits_PerGroup_ClampsEachGroupsBatchMeanKl()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var t = FreeBitsObjective.Compute(model, X, new Rng(7), lambda: 0.05f, groups: 2);
        var perDim = t.KlPerDimension!.ToArray();
        var expected = -t.Reconstruction.ToArray().Average() + perDim.Sum(v => Math.Max(0.05, v));
        Assert.That(t.Loss.Item(), Is.EqualTo(expected).Within(1e-5));
        Assert.Throws<ArgumentException>(() => FreeBitsObjective.Compute(model, X, new Rng(7), lambda: 0.05f, groups: 3));
    }

    private static VaeModel Model(int latent, string prior, string posterior, ulong seed = 13) =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(3, latent, [4], Activation.Tanh),
            new ComponentChoice(prior, new Dictionary<string, object> { ["components"] = 2, ["layers"] = new[] { latent - 1, 1 } }),
            new ComponentChoice(posterior, new Dictionary<string, object> { ["layers"] = new[] { latent - 1, 1 }, ["length"] = 2 }), "bernoulli"), new Rng(seed));

    /// <summary>
    /// Where no closed form exists (a mixture prior; a flow or hierarchical posterior) the ELBO, asked
    /// for the analytic KL, uses the Monte Carlo one: the mean over the K samples of log q - log p.
    /// </summary>
    [TestCase("mixture_of_gaussians", "gaussian")]
    [TestCase("standard_normal", "planar")]
    [TestCase("hierarchical", "hierarchical")]
    [TestCase("standard_normal", "ladder")]
    public void Elbo_WithoutAClosedForm_UsesTheMonteCarloKl(string prior, string posterior)
    {
        const int k = 4;
        var model = Model(3, prior, posterior);
        using var scope = TensorScope.Begin();
        var t = ElboObjective.Compute(model, X, new Rng(20), k: k);
        var pass = ModelPass.Run(model, X, k, new Rng(20), analyticKl: false);
        Assert.That(t.AnalyticKl, Is.False);
        Assert.That(t.KlPerDimension, Is.Null);
        for (var b = 0; b < 2; b++)
        {
            var mc = Enumerable.Range(0, k).Average(s => (double)pass.LogPosterior.Data[s * 2 + b] - pass.LogPrior.Data[s * 2 + b]);
            Assert.That((double)t.Kl.Data[b], Is.EqualTo(mc).Within(1e-5 * (1 + Math.Abs(mc))), $"point {b}");
        }
    }

    /// <summary>
    /// Free bits by group (Kingma et al. 2016, eq. 15): D = 4 dimensions in G = 2 groups of consecutive
    /// dimensions, each group's batch-mean KL clamped at lambda, with lambda between the two group KLs
    /// so exactly one is clamped; G = 0 means one group per dimension. The loss is checked against the
    /// closed-form per-dimension KL of the same pass.
    /// </summary>
    [Test]
    public void FreeBits_GroupsOfConsecutiveDimensions_ClampEachGroupsBatchMeanKl()
    {
        var model = Model(4, "standard_normal", "gaussian", seed: 14);
        using var scope = TensorScope.Begin();
        var perDim = ElboObjective.Compute(model, X, new Rng(21)).KlPerDimension!.ToArray().Select(v => (double)v).ToArray();
        var groups = new[] { perDim[0] + perDim[1], perDim[2] + perDim[3] };
        Assert.That(Math.Abs(groups[0] - groups[1]), Is.GreaterThan(1e-3), "the groups' KLs differ, so a lambda between them clamps one");
        var lambda = (groups[0] + groups[1]) / 2;
        var t = FreeBitsObjective.Compute(model, X, new Rng(21), lambda: (float)lambda, groups: 2);
        var recon = -t.Reconstruction.ToArray().Average();
        Assert.That(t.Loss.Item(), Is.EqualTo(recon + groups.Sum(g => Math.Max(lambda, g))).Within(1e-5 * (1 + Math.Abs(recon))));
        Assert.That(groups.Count(g => g < lambda), Is.EqualTo(1));

        var sorted = perDim.Order().ToArray();
        var perDimLambda = (sorted[1] + sorted[2]) / 2; // clamps two dimensions, leaves two
        var perDimension = FreeBitsObjective.Compute(model, X, new Rng(21), lambda: (float)perDimLambda, groups: 0);
        Assert.That(perDimension.Loss.Item(), Is.EqualTo(recon + perDim.Sum(v => Math.Max(perDimLambda, v))).Within(1e-5 * (1 + Math.Abs(recon))));
        var oneGroup = FreeBitsObjective.Compute(model, X, new Rng(21), lambda: (float)perDimLambda, groups: 1);
        Assert.That(oneGroup.Loss.Item(), Is.EqualTo(recon + Math.Max(perDimLambda, perDim.Sum())).Within(1e-5 * (1 + Math.Abs(recon))));
    }

    /// <summary>Without the closed-form per-dimension KL, free bits clamp the whole Monte Carlo KL (one group); more groups are an error.</summary>
    [Test]
    public void FreeBits_WithoutTheClosedForm_ClampsTheWholeMonteCarloKl()
    {
        var model = Model(3, "hierarchical", "hierarchical", seed: 15);
        using var scope = TensorScope.Begin();
        foreach (var lambda in new[] { 0f, 1000f })
        {
            var t = FreeBitsObjective.Compute(model, X, new Rng(22), lambda: lambda, k: 3);
            var expected = -t.Reconstruction.ToArray().Average() + Math.Max(lambda, t.Kl.ToArray().Average());
            Assert.That(t.Loss.Item(), Is.EqualTo(expected).Within(1e-4), $"lambda {lambda}");
        }
        Assert.Throws<NotSupportedException>(() => FreeBitsObjective.Compute(model, X, new Rng(22), lambda: 0.1f, groups: 2));
    }

    /// <summary>The objectives' gradients with respect to every parameter of a tiny model, against finite differences (fixed noise).</summary>
    [TestCase("elbo", "standard_normal", "gaussian")]
    [TestCase("elbo_mc", "mixture_of_gaussians", "gaussian")]
    [TestCase("iwae", "standard_normal", "gaussian")]
    [TestCase("iwae", "vampprior", "gaussian")]
    [TestCase("iwae", "hierarchical", "ladder")]
    [TestCase("iwae", "hierarchical", "hierarchical")]
    [TestCase("elbo_mc", "hierarchical", "hierarchical")]
    [TestCase("free_bits", "standard_normal", "gaussian")]
    public void Objective_Gradients_MatchFiniteDifferences(string objective, string prior, string posterior)
    {
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(3, 3, [4], Activation.Tanh),
            new ComponentChoice(prior, new Dictionary<string, object> { ["components"] = 2, ["pseudo_inputs"] = 2, ["layers"] = new[] { 2, 1 } }),
            new ComponentChoice(posterior, new Dictionary<string, object> { ["layers"] = new[] { 2, 1 } }), "bernoulli"), new Rng(12));
        var parameters = model.Parameters().ToArray();
        Tensor Bound(Tensor[] _) => objective switch
        {
            "elbo" => ElboObjective.Compute(model, X, new Rng(8), k: 2, beta: 0.7f).Bound,
            "elbo_mc" => ElboObjective.Compute(model, X, new Rng(8), k: 2, analyticKl: false).Bound,
            "iwae" => IwaeObjective.Compute(model, X, new Rng(8), k: 3, beta: 0.8f).Bound,
            _ => FreeBitsObjective.Compute(model, X, new Rng(8), lambda: 0.02f, k: 2).Loss,
        };
        GradCheck.Check(Bound, parameters, eps: 1e-2f, rtol: 3e-2, atol: 3e-3, maxElementsPerInput: 8);
        foreach (var p in parameters) p.Grad = null;
    }

    private static ObjectiveSpec Section(string kind, double beta = 0.5, double freeBits = 0) =>
        new(new ComponentSpec(kind), K: 3, Beta: beta, FreeBits: freeBits, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"), AnalyticKl: true);

    [Test]
    public void Declaration_Elbo_IsTheElboAtBetaTimesTheKlWeight()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var declared = ObjectiveDeclaration.Of(Section("elbo")).Compute(Section("elbo"), model, X, klWeight: 0.5, new Rng(2));
        var direct = ElboObjective.Compute(model, X, new Rng(2), k: 3, beta: 0.25f, analyticKl: true);
        Assert.That(declared.Loss.Item(), Is.EqualTo(direct.Loss.Item()), "bitwise");
    }

    [Test]
    public void Declaration_ElboWithFreeBits_IsTheFreeBitsObjective()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var section = Section("elbo", freeBits: 0.5);
        var declared = ObjectiveDeclaration.Of(section).Compute(section, model, X, klWeight: 1.0, new Rng(2));
        var direct = FreeBitsObjective.Compute(model, X, new Rng(2), 0.5f, groups: 0, k: 3, beta: 0.5f);
        Assert.That(declared.Loss.Item(), Is.EqualTo(direct.Loss.Item()), "bitwise");
    }

    [Test]
    public void Declaration_Iwae_IsTheIwaeBound()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var declared = ObjectiveDeclaration.Of(Section("iwae")).Compute(Section("iwae"), model, X, klWeight: 1.0, new Rng(2));
        var direct = IwaeObjective.Compute(model, X, new Rng(2), k: 3, beta: 0.5f);
        Assert.That(declared.Loss.Item(), Is.EqualTo(direct.Loss.Item()), "bitwise");
    }
}
