using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SpecValidationTests
{
    private static IReadOnlyList<SpecError> Errors(string yaml, string file = "experiments/x.yaml", params string[] overrides)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(yaml, file, overrides))!;
        return e.Errors;
    }

    private static SpecError Single(string yaml, params string[] overrides)
    {
        var errors = Errors(yaml, "experiments/x.yaml", overrides);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        return errors[0];
    }

    [Test]
    public void OutOfRange_K_NamesFileLineColumnAndKeyPath()
    {
        const string Yaml = """
            name: x
            model:
              latent: 50
            objective:
              k: 0
            """;

        var error = Single(Yaml);

        Assert.That(error, Is.EqualTo(new SpecError("experiments/x.yaml", 5, 6, "objective.k", "must be >= 1, got 0")));
        Assert.That(error.ToString(), Is.EqualTo("experiments/x.yaml:5:6: objective.k: must be >= 1, got 0"));
    }

    [TestCase("objective: { beta: -0.5 }", "objective.beta", "must be >= 0, got -0.5")]
    [TestCase("model: { latent: 0 }", "model.latent", "must be >= 1, got 0")]
    [TestCase("model: { posterior: { planar: { length: -1 } } }", "model.posterior.planar.length", "must be >= 0, got -1")]
    [TestCase("train: { optimizer: { adam: { beta2: 1.0 } } }", "train.optimizer.adam.beta2", "must be in [0, 1), got 1")]
    [TestCase("train: { optimizer: { adam: { lr: 0 } } }", "train.optimizer.adam.lr", "must be > 0, got 0")]
    [TestCase("objective: { kl_schedule: { cyclical: { ratio: 0 } } }", "objective.kl_schedule.cyclical.ratio", "must be in (0, 1], got 0")]
    [TestCase("model: { encoder: { mlp: [200, 0] } }", "model.encoder.mlp[1]", "must be >= 1, got 0")]
    [TestCase("data: { train_subset: -5 }", "data.train_subset", "must be >= 0, got -5")]
    public void OutOfRange_SaysTheRangeAndTheValue(string yaml, string keyPath, string message)
    {
        var error = Single(yaml);

        Assert.That((error.KeyPath, error.Message), Is.EqualTo((keyPath, message)));
        Assert.That(error.Line, Is.EqualTo(1));
    }

    [TestCase("objective: { k: five }", "objective.k", "expected an integer, got five")]
    [TestCase("objective: { k: 2.5 }", "objective.k", "expected an integer, got 2.5")]
    [TestCase("objective: { k: \"5\" }", "objective.k", "expected an integer, got \"5\"")]
    [TestCase("objective: { beta: [1] }", "objective.beta", "expected a number, got a list")]
    [TestCase("objective: { analytic_kl: yes }", "objective.analytic_kl", "expected true or false, got yes")]
    [TestCase("model: { encoder: { mlp: 200 } }", "model.encoder.mlp", "expected a list, got 200")]
    [TestCase("model: 5", "model", "expected a mapping, got 5")]
    [TestCase("model: { prior: { a: 1, b: 2 } }", "model.prior", "expected a prior name or { name: { options } }, got a mapping")]
    public void WrongType_SaysWhatWasExpected(string yaml, string keyPath, string message)
    {
        var error = Single(yaml);

        Assert.That((error.KeyPath, error.Message), Is.EqualTo((keyPath, message)));
    }

    [Test]
    public void UnknownKey_SuggestsTheNearestValidKey()
    {
        const string Yaml = """
            model:
              lattent: 50
            """;

        var error = Single(Yaml);

        Assert.That((error.Line, error.Column, error.KeyPath), Is.EqualTo((2, 3, "model.lattent")));
        Assert.That(error.Message, Does.StartWith("unknown key; did you mean 'latent'?"));
    }

    [TestCase("objective: { nllk: 5 }", "objective.nllk", null)]
    [TestCase("eval: { nllk: 5 }", "eval.nllk", "nll_k")]
    [TestCase("train: { epcohs: 5 }", "train.epcohs", "epochs")]
    [TestCase("data: { batchsize: 5 }", "data.batchsize", "batch_size")]
    [TestCase("sede: 5", "sede", "seed")]
    [TestCase("train: { optimizer: { adam: { lr: 1, betta1: 0.9 } } }", "train.optimizer.adam.betta1", "beta1")]
    public void UnknownKey_SuggestsByEditDistance(string yaml, string keyPath, string? suggestion)
    {
        var error = Single(yaml);

        Assert.That(error.KeyPath, Is.EqualTo(keyPath));
        if (suggestion is null)
            Assert.That(error.Message, Does.StartWith("unknown key; valid keys: kind, k, beta"));
        else
            Assert.That(error.Message, Does.StartWith($"unknown key; did you mean '{suggestion}'?"));
    }

    [Test]
    public void UnknownComponent_ListsTheValidOnes()
    {
        var error = Single("model:\n  prior: vamprior\n");

        Assert.That((error.Line, error.Column, error.KeyPath), Is.EqualTo((2, 10, "model.prior")));
        // The framework's priors by name, then any declared by loaded assemblies (this test project's laplace).
        Assert.That(error.Message, Does.StartWith(
            "unknown prior 'vamprior'; did you mean 'vampprior'? (valid priors: hierarchical, mixture_of_gaussians, standard_normal, uniform_codes, vampprior"));
    }

    [Test]
    public void UnknownComponentWithOptions_PointsAtTheName()
    {
        var error = Single("model:\n  posterior: { maf: { length: 2 } }\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((2, 16)));
        Assert.That(error.Message, Does.StartWith("unknown posterior 'maf'; did you mean 'iaf'? (valid posteriors: gaussian, hierarchical, iaf, ladder, planar, planar_amortized, radial, realnvp, sylvester"));
    }

    [Test]
    public void UnknownEnumValue_ListsTheValidOnes()
    {
        var error = Single("data: { binarize: dynamc }");

        Assert.That(error.Message, Is.EqualTo("unknown value 'dynamc'; did you mean 'dynamic'? (valid values: dynamic, static, none)"));
    }

    [Test]
    public void UnknownComponentOption_SuggestsTheNearest()
    {
        var error = Single("objective: { kl_schedule: { linear: { warmup_step: 10 } } }");

        Assert.That(error.KeyPath, Is.EqualTo("objective.kl_schedule.linear.warmup_step"));
        Assert.That(error.Message, Does.StartWith("unknown key; did you mean 'warmup_steps'?"));
    }

    [Test]
    public void ManyErrors_AreAllReported_InFileOrder()
    {
        const string Yaml = """
            seed: -1
            model:
              latent: 0
              prior: nope
            objective:
              k: 0
              beta: -1
              kindd: iwae
            """;

        var errors = Errors(Yaml);

        Assert.That(errors.Select(e => e.KeyPath),
            Is.EqualTo(new[] { "seed", "model.latent", "model.prior", "objective.k", "objective.beta", "objective.kindd" }));
        Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 1, 3, 4, 6, 7, 8 }));
    }

    [Test]
    public void SpecException_MessageListsEveryError()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse("seed: -1\nobjective: { k: 0 }\n", "x.yaml"))!;

        Assert.That(e.Message, Does.Contain("2 errors"));
        Assert.That(e.Message, Does.Contain("x.yaml:1:7: seed: must be >= 0, got -1"));
        Assert.That(e.Message, Does.Contain("x.yaml:2:17: objective.k: must be >= 1, got 0"));
    }

    [Test]
    public void SetOverride_Error_SaysItCameFromTheCommandLine()
    {
        var error = Single("objective: { k: 5 }", "objective.k=0");

        Assert.That(error.File, Is.EqualTo("--set objective.k=0 (command line)"));
        Assert.That(error.Line, Is.EqualTo(0));
        Assert.That(error.ToString(), Is.EqualTo("--set objective.k=0 (command line): objective.k: must be >= 1, got 0"));
    }

    [Test]
    public void SetOverride_UnknownKey_SuggestsAndSaysCommandLine()
    {
        var error = Single("", "objective.kk=3");

        Assert.That(error.ToString(), Does.StartWith("--set objective.kk=3 (command line): objective.kk: unknown key; did you mean 'k'?"));
    }

    [Test]
    public void SetOverride_WithoutEquals_IsAnError()
    {
        var error = Single("", "objective.k");

        Assert.That(error.Message, Is.EqualTo("expected key.path=value"));
    }

    [Test]
    public void MissingFile_IsASpecError()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Load("/nonexistent/dir/spec.yaml"))!;

        Assert.That(e.Errors.Single().ToString(), Is.EqualTo("/nonexistent/dir/spec.yaml: spec file not found"));
    }

    [Test]
    public void MissingFile_Folder_SaysItIsAFolder()
    {
        using var files = new SpecFiles();
        files.Write("inside/a.yaml", "name: a\n");

        var e = Assert.Throws<SpecException>(() => SpecLoader.Load(Path.Combine(files.Root, "inside")))!;

        Assert.That(e.Errors.Single().Message, Is.EqualTo("is a folder, not a spec file; it holds a.yaml"));
    }

    [TestCase("")]
    [TestCase("\n# only a comment\n")]
    public void EmptyFile_IsRefusedAtLineOne(string yaml)
    {
        using var files = new SpecFiles();
        var path = files.Write("empty.yaml", yaml);

        var error = SpecLoader.Validate(path).Single();

        Assert.That((error.Line, error.Column), Is.EqualTo((1, 1)));
        Assert.That(error.Message, Does.StartWith("the spec file is empty"));
    }

    [TestCase("../../evil")]
    [TestCase("/tmp/absolute")]
    [TestCase("a\\\\b")]
    [TestCase("..")]
    public void Name_WithAPathSeparatorOrDots_IsAnError(string name)
    {
        var error = Single($"name: \"{name}\"\n");

        Assert.That((error.KeyPath, error.Line, error.Column), Is.EqualTo(("name", 1, 7)));
        Assert.That(error.Message, Does.Contain("without '/'"));
    }

    [Test]
    public void Name_WithDotsInside_IsAccepted()
    {
        Assert.That(SpecLoader.Parse("name: iwae-k5.v2_final\n").Name, Is.EqualTo("iwae-k5.v2_final"));
    }

    [Test]
    public void YamlSyntaxError_HasItsPosition()
    {
        var error = Single("model:\n  latent: [1, 2\n");

        Assert.That(error.File, Is.EqualTo("experiments/x.yaml"));
        Assert.That(error.Line, Is.GreaterThan(0));
        Assert.That(error.Message, Does.StartWith("YAML syntax:"));
    }

    [Test]
    public void DuplicateKey_IsAnError()
    {
        var error = Single("seed: 1\nseed: 2\n");

        Assert.That((error.Line, error.Message), Is.EqualTo((2, "YAML syntax: duplicate key 'seed'")));
    }

    [Test]
    public void Validate_ReturnsErrorsInsteadOfThrowing()
    {
        using var files = new SpecFiles();
        var path = files.Write("v.yaml", "objective: { k: 0 }\n");

        Assert.That(SpecLoader.Validate(path).Single().KeyPath, Is.EqualTo("objective.k"));
        Assert.That(SpecLoader.Validate(path, ["objective.k=2"]), Is.Empty);
    }
}
