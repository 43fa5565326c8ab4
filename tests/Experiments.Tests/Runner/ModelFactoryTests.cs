using Research.Experiments.Runner;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Vae;
using Research.Framework.Vae.Flows;
using Research.Framework.Vae.Likelihoods;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// From YAML to a model: the spec's component options (resolved, every catalog default filled in)
/// reach the framework's constructors under the names the catalog documents.
/// </summary>
public class ModelFactoryTests
{
    private const int InputSize = 12;

    private static VaeModel Build(string model) =>
        ModelFactory.Create(SpecLoader.Parse("model:\n" + model).Model, InputSize, new Rng(1));

    [Test]
    public void Create_IwaeTwoStochasticLayerSpec_BuildsThoseLayers()
    {
        // model.latent names the top layer; the latent rows hold both layers, z1 first.
        var model = Build("""
              latent: 50
              encoder: { mlp: [100, 100] }
              decoder: { mlp: [100, 100] }
              prior: hierarchical
              posterior: hierarchical
              layers: [{ latent: 100, hidden: [100, 100] }, { latent: 50, hidden: [50, 50] }]
            """);
        Assert.That(model.Latent, Is.EqualTo(150));
        Assert.That(((ILatentLayout)model.Posterior).LayerSizes, Is.EqualTo(new[] { 100, 50 }));
        Assert.That(((ILatentLayout)model.Prior).LayerSizes, Is.EqualTo(new[] { 100, 50 }));
        Assert.That(model.DecoderLatent, Is.EqualTo(100));
        var q = (HierarchicalPosterior)model.Posterior;
        Assert.That(q.Layers[1].Trunk!.Layers.Select(l => l.OutFeatures), Is.EqualTo(new[] { 50, 50 }), "q(z2|z1): 100-50-50-50");
    }

    [Test]
    public void Create_DecoderActivation_IsTheDecodersOwn()
    {
        var model = Build("""
              latent: 2
              encoder: { mlp: [8], activation: tanh }
              decoder: { mlp: [8], activation: relu }
            """);
        var decoder = (Mlp)model.Decoder;
        Assert.That(decoder.Activation, Is.EqualTo(Activation.Relu));
        Assert.That(model.Posterior, Is.InstanceOf<GaussianPosterior>());
        Assert.That(((GaussianPosterior)model.Posterior).Encoder.Trunk!.Activation, Is.EqualTo(Activation.Tanh));
    }

    [Test]
    public void Create_GaussianLikelihoodOptions_ChooseTheVariance()
    {
        var byDefault = (GaussianLikelihood)Build("  likelihood: gaussian").Likelihood;
        Assert.That((byDefault.Variance, byDefault.FixedLogStd), Is.EqualTo((GaussianVariance.Fixed, 0f)));

        var fixedVariance = (GaussianLikelihood)Build("  likelihood: { gaussian: { variance: 0.25 } }").Likelihood;
        Assert.That(fixedVariance.Variance, Is.EqualTo(GaussianVariance.Fixed));
        Assert.That(fixedVariance.FixedLogStd, Is.EqualTo(MathF.Log(0.5f)).Within(1e-6f));

        var learnedModel = Build("  likelihood: { gaussian: { learned_variance: true, variance: 0.25 } }");
        var learned = (GaussianLikelihood)learnedModel.Likelihood;
        Assert.That(learned.Variance, Is.EqualTo(GaussianVariance.Learned));
        Assert.That(learned.LogStd!.ToArray(), Has.Length.EqualTo(InputSize).And.All.EqualTo(MathF.Log(0.5f)).Within(1e-6f));
        Assert.That(learnedModel.NamedParameters().Select(p => p.Name), Does.Contain("likelihood.log_std"), "trained with the model");

        var decoder = Build("  likelihood: { gaussian: { decoder_variance: true } }");
        Assert.That(((GaussianLikelihood)decoder.Likelihood).Variance, Is.EqualTo(GaussianVariance.Decoder));
        Assert.That(((Mlp)decoder.Decoder).Layers[^1].OutFeatures, Is.EqualTo(2 * InputSize));
    }

    [Test]
    public void Create_PriorAndFlowOptions_ReachTheirComponents()
    {
        Assert.That(((VampPrior)Build("  prior: { vampprior: { pseudo_inputs: 7 } }").Prior).Components, Is.EqualTo(7));
        Assert.That(((MixtureOfGaussiansPrior)Build("  prior: { mixture_of_gaussians: { components: 3 } }").Prior).Means.Shape.Rows, Is.EqualTo(3));
        var iaf = (FlowPosterior)Build("  posterior: { iaf: { length: 2, hidden: [7, 9] } }").Posterior;
        Assert.That(iaf.Flows, Has.Count.EqualTo(2));
        foreach (var step in iaf.Flows.Cast<IafStep>())
            Assert.That(step.Hidden.Select(l => l.Weight.Shape[1]), Is.EqualTo(new[] { 7, 9 }));
        Assert.That(((FlowPosterior)Build("  posterior: planar").Posterior).Flows, Has.Count.EqualTo(10), "the catalog's default length");
    }

    public static IEnumerable<TestCaseData> CatalogComponents() =>
        new[] { ("prior", ComponentKind.Prior), ("posterior", ComponentKind.Posterior), ("likelihood", ComponentKind.Likelihood) }
            .SelectMany(k => ComponentCatalog.Default.Names(k.Item2).Select(name => new TestCaseData(k.Item1, name).SetArgDisplayNames(k.Item1, name)));

    /// <summary>Every component the catalog lists builds from a spec that names it with its defaults (the others default too).</summary>
    [TestCaseSource(nameof(CatalogComponents))]
    public void Create_EveryCatalogComponentWithItsDefaults_Builds(string key, string name)
    {
        // VQ-VAE's pieces come as a pair, and the vq posterior's default code_dim (16) must divide the latent.
        var component = (key, name) switch
        {
            ("prior", "uniform_codes") => "prior: uniform_codes\n  posterior: { vq: { code_dim: 2 } }",
            ("posterior", "vq") => "posterior: { vq: { code_dim: 2 } }",
            _ => $"{key}: {name}",
        };
        var model = Build($"  latent: 6\n  encoder: {{ mlp: [8] }}\n  decoder: {{ mlp: [8] }}\n  {component}");
        Assert.That(model.Latent, Is.EqualTo(6));
        Assert.That(model.Parameters(), Is.Not.Empty);
    }
}
