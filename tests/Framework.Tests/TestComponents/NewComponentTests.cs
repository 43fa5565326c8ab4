using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tests.Specs;
using Research.Framework.Tests.Vae.Flows;
using Research.Framework.Vae;

namespace Research.Framework.Tests.TestComponents;

/// <summary>
/// Issue 15's acceptance: a flow (<see cref="ElementwiseAffineFlow"/>) and a prior (<see cref="LaplacePrior"/>)
/// declared in this test project, one file each and nothing else changed, are usable everywhere a
/// framework component is: spec validation, the generated reference, training, and the flow battery.
/// </summary>
public class NewComponentTests
{
    private const string Yaml = """
        name: new-components
        data: { dataset: synthetic, batch_size: 20 }
        model:
          latent: 3
          encoder: { mlp: [16] }
          decoder: { mlp: [16] }
          prior: { laplace: { scale: 0.5 } }
          posterior: { elementwise_affine: { length: 2 } }
        """;

    [Test]
    public void Spec_NamingTheTestFlowAndPrior_ValidatesWithTheirOptions()
    {
        using var files = new SpecFiles();
        var spec = SpecLoader.Load(files.Write("new.yaml", Yaml));
        Assert.That(spec.Model.Prior.Name, Is.EqualTo("laplace"));
        Assert.That(spec.Model.Prior.GetDouble("scale"), Is.EqualTo(0.5));
        Assert.That(spec.Model.Posterior.GetInt("length"), Is.EqualTo(2));
        Assert.That(LaplacePrior.Declaration.Options(spec.Model.Prior), Is.EqualTo(new LaplaceOptions(0.5)), "the resolved options bind to the typed record");
    }

    [Test]
    public void Spec_OutOfRangeOptionOfTheTestPrior_IsALocatedError()
    {
        using var files = new SpecFiles();
        var path = files.Write("bad.yaml", Yaml.Replace("scale: 0.5", "scale: -1.0"));
        var error = Assert.Throws<SpecException>(() => SpecLoader.Load(path))!;
        Assert.That(error.Errors.Single().ToString(), Does.Contain("bad.yaml:7:").And.Contain("model.prior.laplace.scale").And.Contain("> 0"));
    }

    [Test]
    public void Reference_ListsTheTestComponentsWithTheirDocsAndOptions()
    {
        var tables = SpecDocs.ComponentTables();
        Assert.That(tables, Does.Contain("elementwise_affine").And.Contain("Test-only flow"));
        Assert.That(tables, Does.Contain("laplace").And.Contain("scale b of every coordinate"));
    }

    [Test]
    public void FlowBattery_RunsOverTheTestFlow() =>
        Assert.That(FlowConformanceTests.Cases().Select(c => (string)c.Arguments[0]!), Does.Contain("elementwise_affine"));

    [Test]
    public void TestFlowAndPrior_TrainATinyModel_LossGoesDown()
    {
        var spec = new VaeSpec(new ComponentOptions(12, 3, [16], Activation.Tanh),
            new ComponentChoice("laplace", new Dictionary<string, object> { ["scale"] = 0.5 }),
            new ComponentChoice("elementwise_affine", new Dictionary<string, object> { ["length"] = 2 }), "bernoulli");
        var model = VaeModel.Create(spec, new Rng(3));
        Assert.That(model.Prior, Is.InstanceOf<LaplacePrior>());
        var data = new float[40 * 12];
        var rng = new Rng(4);
        for (var i = 0; i < data.Length; i++) data[i] = i % 12 < 6 == (i / 12 % 2 == 0) ? 1f : 0f; // two patterns
        var x = Tensor.FromArray(data, new Shape(40, 12));
        var adam = new Adam(model.Parameters(), lr: 0.02f);
        float Step()
        {
            using var scope = TensorScope.Begin();
            adam.ZeroGrad();
            var loss = ElboObjective.Compute(model, x, rng.Split(), k: 1, analyticKl: false).Loss;
            loss.Backward();
            adam.Step();
            return loss.Item();
        }
        var first = Step();
        for (var i = 0; i < 150; i++) Step();
        var last = Enumerable.Range(0, 10).Select(_ => Step()).Average();
        Assert.That(last, Is.LessThan(first - 1.0), $"ELBO loss {first:F2} -> {last:F2}");
    }

    [Test]
    public void LaplacePrior_LogProbAndSamples_MatchTheClosedForm()
    {
        var prior = new LaplacePrior(2, 0.5f);
        var z = Tensor.FromArray([0.3f, -1.2f], new Shape(1, 2));
        var expected = -(0.3 + 1.2) / 0.5 - 2 * Math.Log(1.0);
        Assert.That(prior.LogProb(z).Item(), Is.EqualTo(expected).Within(1e-5));
        var draws = prior.Sample(20000, new Rng(9)).ToArray();
        Assert.That(draws.Average(v => Math.Abs(v)), Is.EqualTo(0.5).Within(0.02), "E|z| = b for Laplace(0, b)");
    }
}
