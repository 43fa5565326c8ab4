using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecLoaderTests
{
    [Test]
    public void Parse_FullExample_BindsEveryKey()
    {
        var spec = SpecLoader.Parse(SpecFiles.FullExample, "x.yaml");

        Assert.That(spec.Name, Is.EqualTo("iwae-table1"));
        Assert.That(spec.Seed, Is.EqualTo(1));
        Assert.That(spec.Data.Dataset.Name, Is.EqualTo("mnist"));
        Assert.That(spec.Data.TrainSubset, Is.EqualTo(1000));
        Assert.That(spec.Data.TestSubset, Is.EqualTo(500));
        Assert.That(spec.Model.Latent, Is.EqualTo(50));
        Assert.That(spec.Model.Encoder.Mlp, Is.EqualTo(new[] { 200, 200 }));
        Assert.That(spec.Model.Decoder.Activation.Name, Is.EqualTo("relu"));
        Assert.That(spec.Model.Prior, Is.EqualTo(new ComponentSpec("vampprior", new ValueMap([new("pseudo_inputs", 300)]))));
        Assert.That(spec.Model.Posterior.GetInt("length"), Is.EqualTo(4));
        Assert.That(spec.Model.Posterior.GetIntList("hidden"), Is.EqualTo(new[] { 100 }));
        Assert.That(spec.Model.Layers, Has.Count.EqualTo(2));
        Assert.That(spec.Model.Layers[0], Is.EqualTo(new LayerSpec(100, [200, 200])));
        Assert.That(spec.Objective.Kind.Name, Is.EqualTo("iwae"));
        Assert.That(spec.Objective.K, Is.EqualTo(5));
        Assert.That(spec.Objective.KlSchedule.Name, Is.EqualTo("linear"));
        Assert.That(spec.Objective.KlSchedule.GetInt("warmup_steps"), Is.EqualTo(1000));
        Assert.That(spec.Objective.KlSchedule.GetInt("warmup_epochs"), Is.EqualTo(0), "defaults fill unset options");
        Assert.That(spec.Train.Epochs, Is.EqualTo(100));
        Assert.That(spec.Train.Optimizer.GetDouble("lr"), Is.EqualTo(1e-3));
        Assert.That(spec.Train.Optimizer.GetDouble("eps"), Is.EqualTo(1e-4));
        Assert.That(spec.Train.Optimizer.GetDouble("beta2"), Is.EqualTo(0.999));
        Assert.That(spec.Train.ClipNorm, Is.EqualTo(0.0));
        Assert.That(spec.Eval, Is.EqualTo(new EvalSpec(10, 5000, 100, 0.01, 0, "", DisentanglementSpec.Default)), "eval.disentanglement at its defaults");
        Assert.That(spec.Sweep!.Grid.Select(a => a.Key), Is.EqualTo(new[] { "objective.kind", "objective.k" }));
        Assert.That(spec.Sweep.Random!.Samples, Is.EqualTo(3));
    }

    [Test]
    public void Parse_EmptyFile_GivesDefaultsNamedAfterTheFile()
    {
        var spec = SpecLoader.Parse("", "experiments/quick.yaml");

        Assert.That(spec.Name, Is.EqualTo("quick"));
        Assert.That(spec.Tracking.Experiment, Is.EqualTo("quick"), "an empty experiment name resolves to the spec's name");
        Assert.That(spec.Model.Prior, Is.EqualTo(new ComponentSpec("standard_normal")));
        Assert.That(spec.Objective.K, Is.EqualTo(1));
        Assert.That(spec.Data.TrainSubset, Is.EqualTo(0));
        Assert.That(spec.Sweep, Is.Null);
    }

    [Test]
    public void WriteThenParse_FullExample_RoundTrips()
    {
        var spec = SpecLoader.Parse(SpecFiles.FullExample, "x.yaml");

        var yaml = SpecWriter.ToYaml(spec);
        var again = SpecLoader.Parse(yaml, "written.yaml");

        Assert.That(again, Is.EqualTo(spec), yaml);
        Assert.That(SpecWriter.ToYaml(again), Is.EqualTo(yaml));
    }

    [Test]
    public void WriteThenParse_Defaults_RoundTrip()
    {
        var spec = SpecLoader.Defaults();

        Assert.That(SpecLoader.Parse(SpecWriter.ToYaml(spec)), Is.EqualTo(spec));
    }

    [Test]
    public void WriteThenParse_AwkwardStringsAndFloats_RoundTrip()
    {
        var spec = SpecLoader.Defaults() with
        {
            Name = "123",
            Description = "a: b, [c] # d \"e\"",
            Objective = SpecLoader.Defaults().Objective with { Beta = 0.1 + 0.2, FreeBits = 3 },
            Tracking = new TrackingSpec("true", "http://localhost:5000"),
        };

        var again = SpecLoader.Parse(SpecWriter.ToYaml(spec));

        Assert.That(again, Is.EqualTo(spec), SpecWriter.ToYaml(spec));
    }

    [Test]
    public void ToYaml_WritesBlockSectionsAndInlineComponents()
    {
        var yaml = SpecWriter.ToYaml(SpecLoader.Parse(SpecFiles.FullExample, "x.yaml"));

        Assert.That(yaml, Does.Contain("model:\n  latent: 50\n  encoder:\n    mlp: [200, 200]\n    conv: []\n    activation: tanh\n"));
        Assert.That(yaml, Does.Contain("  posterior: {iaf: {length: 4, hidden: [100]}}\n"));
        Assert.That(yaml, Does.Contain("    objective.k: [1, 5, 50]\n"));
    }

    [Test]
    public void Load_File_ReadsIt()
    {
        using var files = new SpecFiles();
        var path = files.Write("a.yaml", "objective: { k: 7 }\n");

        var spec = SpecLoader.Load(path);

        Assert.That((spec.Name, spec.Objective.K), Is.EqualTo(("a", 7)));
    }

    [Test]
    public void Catalog_EveryComponentWithDefaultOptions_Resolves()
    {
        var schema = SpecSchema.Default;
        foreach (var kind in Enum.GetValues<ComponentKind>())
        foreach (var component in schema.Catalog[kind])
        {
            var path = kind switch
            {
                ComponentKind.Dataset => "data.dataset",
                ComponentKind.Activation => "model.encoder.activation",
                ComponentKind.Prior => "model.prior",
                ComponentKind.Posterior => "model.posterior",
                ComponentKind.Likelihood => "model.likelihood",
                ComponentKind.Objective => "objective.kind",
                ComponentKind.KlSchedule => "objective.kl_schedule",
                ComponentKind.LrSchedule => "train.lr_schedule",
                _ => "train.optimizer",
            };
            var spec = SpecLoader.Parse("", overrides: [$"{path}={component.Name}"]);
            var yaml = SpecWriter.ToYaml(spec);
            Assert.That(SpecLoader.Parse(yaml), Is.EqualTo(spec), $"{kind} {component.Name}");
            Assert.That(yaml, Does.Contain(component.Name));
        }
    }

    [Test]
    public void Parse_CustomCatalog_AcceptsItsNames()
    {
        var catalog = ComponentCatalog.Default.With(ComponentKind.Posterior,
            ComponentDefinition.Of("householder", "Householder flow", Schema.Key("length", Schema.Int(1), "2", "reflections")));
        const string Yaml = "model: { posterior: { householder: { length: 3 } } }";

        var spec = SpecLoader.Parse(Yaml, schema: SpecSchema.WithCatalog(catalog));

        Assert.That(spec.Model.Posterior.GetInt("length"), Is.EqualTo(3));
        Assert.Throws<SpecException>(() => SpecLoader.Parse(Yaml));
    }
}
