using Research.Framework.Autodiff;
using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Probability;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Vae;

/// <summary>
/// Every prior, posterior and likelihood the registry builds, as a whole VAE on torch-cpu against the
/// same VAE on the native engine: built twice from one seed on the host, the second moved with
/// <see cref="Module.To"/>, then run with one objective seed on each. Objective values agree within
/// 1e-4 relative, every parameter's gradient within 1e-3 of its largest entry, draws from the prior and
/// the likelihood within 1e-5 (host draws: the same numbers), and the evaluation (importance-sampled
/// log p(x), ELBO, KL, active units) within 1e-3 nats with the same active units.
/// </summary>
[TestFixture]
public sealed class ComponentDeviceParityTests
{
    private const int P = 12, Latent = 6, Rows = 5;
    private const double ValueTolerance = 1e-4, GradientTolerance = 1e-3, DrawTolerance = 1e-5, NatsTolerance = 1e-3;

    private static readonly IReadOnlyDictionary<string, object> NoSettings = new Dictionary<string, object>();

    private static readonly Dictionary<string, IReadOnlyDictionary<string, object>> PriorSettings = new()
    {
        ["mixture_of_gaussians"] = new Dictionary<string, object> { ["components"] = 3 },
        ["vampprior"] = new Dictionary<string, object> { ["pseudo_inputs"] = 4 },
    };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, object>> LikelihoodVariants = new()
    {
        ["bernoulli"] = NoSettings,
        ["gaussian"] = new Dictionary<string, object> { ["variance"] = 0.09 },
        ["gaussian learned_variance"] = new Dictionary<string, object> { ["variance"] = 0.09, ["learned_variance"] = true },
        ["gaussian decoder_variance"] = new Dictionary<string, object> { ["decoder_variance"] = true },
        ["discretized_logistic"] = NoSettings,
    };

    private static VaeSpec Spec(string prior, string posterior, string likelihood = "bernoulli") => new(
        new ComponentOptions(P, Latent, [16], Activation.Tanh),
        new ComponentChoice(prior, PriorSettings.GetValueOrDefault(prior)),
        new ComponentChoice(posterior, posterior switch
        {
            "gaussian" => null,
            "vq" => new Dictionary<string, object> { ["codebook_size"] = 8, ["code_dim"] = 2 },
            _ => new Dictionary<string, object> { ["length"] = 2 },
        }),
        new ComponentChoice(likelihood.Split(' ')[0], LikelihoodVariants[likelihood]));

    /// <summary>
    /// Each prior (on the Gaussian posterior), each posterior (flows two steps long, on the standard
    /// normal prior), each likelihood variant, and the hierarchical prior on both layered posteriors
    /// (the ladder shares its top-down path with it); the uniform prior over codes only on the vq posterior it is made for.
    /// </summary>
    public static IEnumerable<TestCaseData> Models()
    {
        IEnumerable<(string Name, VaeSpec Spec)> specs =
        [
            .. ComponentRegistry.Priors.Select(d => d.Name).Where(p => p != "uniform_codes").Select(prior => ($"prior {prior}", Spec(prior, "gaussian"))),
            ("prior uniform_codes", Spec("uniform_codes", "vq")),
            .. ComponentRegistry.Posteriors.Select(d => d.Name).Select(posterior => ($"posterior {posterior}", Spec("standard_normal", posterior))),
            .. LikelihoodVariants.Keys.Select(likelihood => ($"likelihood {likelihood}", Spec("standard_normal", "gaussian", likelihood))),
            ("hierarchical on ladder", Spec("hierarchical", "ladder", "discretized_logistic")),
            ("hierarchical on hierarchical", Spec("hierarchical", "hierarchical", "gaussian")),
        ];
        return specs.Select(s => new TestCaseData(s.Spec).SetArgDisplayNames(s.Name));
    }

    /// <summary>The same model twice from one seed: on the native engine, and moved to torch-cpu.</summary>
    private static (VaeModel Native, VaeModel Torch) Build(VaeSpec spec)
    {
        var native = VaeModel.Create(spec, new Rng(1));
        var torch = VaeModel.Create(spec, new Rng(1));
        torch.To(Device.TorchCpu);
        Assert.That(torch.NamedParameters().Select(p => p.Parameter.Device), Is.All.EqualTo(Device.TorchCpu));
        return (native, torch);
    }

    /// <summary>Host data on the grid k / 255 with exact 0s and 1s (valid for every likelihood).</summary>
    private static float[] Data(ulong seed, int rows)
    {
        var values = new float[rows * P];
        new Rng(seed).Uniform(values, -0.3f, 1.3f);
        return values.Select(u => MathF.Round(Math.Clamp(u, 0f, 1f) * 255f) / 255f).ToArray();
    }

    private sealed record ObjectiveRun(float Loss, float[] Bound, float[] Elbo, float[][] Gradients);

    private static ObjectiveRun Run(VaeModel model, Device device, Func<VaeModel, Tensor, ElboTerms> objective)
    {
        using var scope = TensorScope.Begin();
        var x = Tensor.FromArray(Data(2, Rows), new Shape(Rows, P), device);
        var terms = objective(model, x);
        terms.Loss.Backward();
        return new ObjectiveRun(
            terms.Loss.ValuesOn(device, "the loss")[0], terms.Bound.ToArray(), terms.Elbo.ToArray(),
            model.Parameters().Select(p => p.Grad?.ValuesOn(device, "a gradient") ?? []).ToArray());
    }

    private static void AssertObjectiveParity(VaeSpec spec, string what, Func<VaeModel, Tensor, ElboTerms> objective)
    {
        var (nativeModel, torchModel) = Build(spec);
        var native = Run(nativeModel, Device.Native, objective);
        var torch = Run(torchModel, Device.TorchCpu, objective);
        DeviceAssert.Close([torch.Loss], [native.Loss], ValueTolerance, $"{what} loss");
        DeviceAssert.Close(torch.Bound, native.Bound, ValueTolerance, $"{what} bound");
        DeviceAssert.Close(torch.Elbo, native.Elbo, ValueTolerance, $"{what} ELBO");
        var names = nativeModel.NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(native.Gradients.Count(g => g.Length > 0), Is.GreaterThan(0), "some parameter gets a gradient");
        for (var i = 0; i < names.Length; i++)
            DeviceAssert.CloseToLargest(torch.Gradients[i], native.Gradients[i], GradientTolerance, $"{what} gradient of {names[i]}", atol: 1e-6);
    }

    [TestCaseSource(nameof(Models))]
    public void Elbo_OnTorchCpu_MatchesNativeValuesAndGradients(VaeSpec spec) =>
        AssertObjectiveParity(spec, "ELBO", (model, x) => ElboObjective.Compute(model, x, new Rng(3), k: 2));

    [TestCaseSource(nameof(Models))]
    public void Iwae_OnTorchCpu_MatchesNativeValuesAndGradients(VaeSpec spec) =>
        AssertObjectiveParity(spec, "IWAE", (model, x) => IwaeObjective.Compute(model, x, new Rng(4), k: 5));

    /// <summary>The tighter-bound objectives and the STL / DReG estimators (detached copies and split gradients) on both devices.</summary>
    [TestCase("miwae")]
    [TestCase("ciwae stl")]
    [TestCase("piwae dreg")]
    [TestCase("iwae stl")]
    [TestCase("iwae dreg")]
    public void ImportanceWeightedObjectives_OnTorchCpu_MatchNativeValuesAndGradients(string objective) =>
        AssertObjectiveParity(Spec("standard_normal", "gaussian"), objective, (model, x) => objective switch
        {
            "miwae" => MiwaeObjective.Compute(model, x, new Rng(4), m: 2, k: 3),
            "ciwae stl" => CiwaeObjective.Compute(model, x, new Rng(4), k: 4, mix: 0.3f, estimator: GradientEstimator.Stl),
            "piwae dreg" => PiwaeObjective.Compute(model, x, new Rng(4), m: 2, k: 3, estimator: GradientEstimator.Dreg),
            "iwae stl" => IwaeObjective.Compute(model, x, new Rng(4), k: 5, estimator: GradientEstimator.Stl),
            _ => IwaeObjective.Compute(model, x, new Rng(4), k: 5, estimator: GradientEstimator.Dreg),
        });

    private static (float[] Prior, float[] Model, float[] Likelihood, float[] Posterior) Draws(VaeModel model, Device device)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = NoGrad.Begin();
        var prior = model.Prior.Sample(7, new Rng(5)).ValuesOn(device, "prior draws");
        var sample = model.Sample(7, new Rng(6)).ValuesOn(device, "model draws");
        var z = Tensor.FromArray(Data(7, 3).Take(3 * model.Latent).Select(v => 4f * v - 2f).ToArray(), new Shape(3, model.Latent), device);
        var likelihood = model.Likelihood.Sample(model.Decode(z), new Rng(8)).ValuesOn(device, "likelihood draws");
        var posterior = model.Posterior.Sample(Tensor.FromArray(Data(9, 3), new Shape(3, P), device), 4, new Rng(10)).Z.ValuesOn(device, "posterior draws");
        return (prior, sample, likelihood, posterior);
    }

    /// <summary>Draws from the prior, the model (prior then likelihood), the likelihood at fixed codes, and the posterior.</summary>
    [TestCaseSource(nameof(Models))]
    public void Samples_OnTorchCpu_AreTheNativeDraws(VaeSpec spec)
    {
        var (nativeModel, torchModel) = Build(spec);
        var native = Draws(nativeModel, Device.Native);
        var torch = Draws(torchModel, Device.TorchCpu);
        DeviceAssert.Close(torch.Prior, native.Prior, DrawTolerance, "prior draws");
        DeviceAssert.Close(torch.Model, native.Model, DrawTolerance, "model draws");
        DeviceAssert.Close(torch.Likelihood, native.Likelihood, DrawTolerance, "likelihood draws");
        DeviceAssert.Close(torch.Posterior, native.Posterior, ValueTolerance, "posterior draws (through the flows)");
    }

    /// <summary>
    /// The evaluator on host batches (moved to the model's device batch by batch). 60 importance
    /// samples per chunk of 5 data points are 300 latent rows, so a mixture prior's density takes the
    /// blocked path under NoGrad.
    /// </summary>
    [TestCaseSource(nameof(Models))]
    public void Evaluation_OnTorchCpu_MatchesNative(VaeSpec spec)
    {
        var (nativeModel, torchModel) = Build(spec);
        Tensor[] batches = [Tensor.FromArray(Data(11, Rows), new Shape(Rows, P)), Tensor.FromArray(Data(12, 3), new Shape(3, P))];
        var options = new EvaluationOptions(ImportanceSamples: 120, Chunk: 60, ElboSamples: 2, ActiveUnitSamples: 10);
        var native = Evaluator.Evaluate(nativeModel, batches, options, new Rng(13));
        var torch = Evaluator.Evaluate(torchModel, batches, options, new Rng(13));
        Assert.That(torch.LogLikelihood, Is.EqualTo(native.LogLikelihood).Within(NatsTolerance), "importance-sampled log p(x)");
        Assert.That(torch.Elbo, Is.EqualTo(native.Elbo).Within(NatsTolerance), "ELBO");
        Assert.That(torch.Kl, Is.EqualTo(native.Kl).Within(NatsTolerance), "KL");
        if (native.KlPerDimension is { } perDim) Assert.That(torch.KlPerDimension, Is.EqualTo(perDim).Within(NatsTolerance), "KL per dimension");
        else Assert.That(torch.KlPerDimension, Is.Null);
        Assert.That(torch.ActiveUnits.Count, Is.EqualTo(native.ActiveUnits.Count), "active units");
        Assert.That(torch.ActiveUnits.Variances, Is.EqualTo(native.ActiveUnits.Variances).Within(1e-5), "A_u");

        var logPx = ImportanceSampling.LogLikelihood(torchModel, batches[0], 30, new Rng(14), chunk: 7);
        Assert.That(logPx, Is.EqualTo(ImportanceSampling.LogLikelihood(nativeModel, batches[0], 30, new Rng(14), chunk: 7)).Within(NatsTolerance), "per data point, from host data");
    }

    [Test]
    public void StandardNormalPrior_MovedWithItsModel_DrawsOnTheModelsDevice()
    {
        var (_, torch) = Build(Spec("standard_normal", "gaussian"));
        using var scope = TensorScope.Begin();
        Assert.That(torch.Prior.Sample(3, new Rng(15)).Device, Is.EqualTo(Device.TorchCpu));
        Assert.That(torch.NamedParameters().Select(p => p.Name), Has.None.StartsWith("prior."), "the prior's buffer is not a parameter");
    }
}
