using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Plotting;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// A conditional VAE (model.condition.on: label) through the runner: trains end to end on the generated
/// bars with their labels, on the native engine and on LibTorch (torch-cpu) to the same numbers, logs
/// the samples-per-class figure, evaluates log p(x|y) and samples given a class; bad specs are located errors.
/// </summary>
public class ConditionalRunTests
{
    private static string CvaeYaml(string name, string extra = "") =>
        TinySpecs.Yaml(name, epochs: 2, objective: "{ kind: elbo, k: 1 }", extra: extra)
            .Replace("  decoder: { mlp: [32], activation: tanh }", "  decoder: { mlp: [32], activation: tanh }\n  condition: { on: label, prior: conditional }");

    private static async Task<(SweepOutcome Outcome, FileStore Store)> TrainAsync(TempFolder folder, string device)
    {
        var path = folder.File("cvae.yaml", CvaeYaml("cvae"));
        var spec = SpecLoader.Load(path, ["train.threads=1", $"train.device={device}"]);
        var options = new RunnerOptions(path, Path.Combine(folder.Path, "mlruns"), 1, false, Path.Combine(folder.Path, "checkpoints"));
        var runner = new SweepRunner(NullLogger<SweepRunner>.Instance, options, new PointRunner(NullLogger<PointRunner>.Instance, options, new RecordingProgress()));
        var outcome = await runner.RunAsync(spec, Preflight.Points(path, spec), CancellationToken.None);
        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok), $"cvae on {device}: {outcome.Points[0].FailureReason}");
        return (outcome, new FileStore(Path.Combine(folder.Path, "mlruns")));
    }

    private static async Task<double[]> MetricAsync(FileStore store, string runId, string key) =>
        [.. (await store.GetMetricHistoryAsync(runId, key)).OrderBy(m => m.Step).Select(m => m.Value)];

    [Test]
    public async Task Run_Cvae_TrainsLogsSamplesPerClassAndMatchesOnTorchCpu()
    {
        using var nativeFolder = new TempFolder();
        using var torchFolder = new TempFolder();
        var (native, nativeStore) = await TrainAsync(nativeFolder, "cpu");
        var (torch, torchStore) = await TrainAsync(torchFolder, "torch-cpu");
        var (n, t) = (native.Points[0].RunId, torch.Points[0].RunId);

        var loss = await MetricAsync(nativeStore, n, "train_loss");
        var torchLoss = await MetricAsync(torchStore, t, "train_loss");
        var loglik = await MetricAsync(nativeStore, n, "test_loglik");
        var torchLoglik = await MetricAsync(torchStore, t, "test_loglik");
        TestContext.Out.WriteLine($"train_loss cpu [{string.Join(", ", loss)}] torch-cpu [{string.Join(", ", torchLoss)}]; test log p(x|y) cpu {loglik[^1]:R} torch-cpu {torchLoglik[^1]:R}");
        Assert.That(loss[1], Is.LessThan(loss[0]), "the second epoch's loss is lower");
        for (var e = 0; e < loss.Length; e++)
            Assert.That(torchLoss[e], Is.EqualTo(loss[e]).Within(1e-3 * Math.Abs(loss[e])), $"epoch {e + 1} loss, cpu vs torch-cpu");
        Assert.That(torchLoglik[^1], Is.EqualTo(loglik[^1]).Within(0.05), "test log p(x|y), cpu vs torch-cpu");
        Assert.That((await MetricAsync(nativeStore, n, "test_kl"))[^1], Is.GreaterThan(0));

        var figures = Path.Combine(nativeStore.ArtifactDirectory(n), "figures");
        var grid = PngPixels.Decode(File.ReadAllBytes(Path.Combine(figures, "samples_per_class.png")));
        Assert.That(grid.Height, Is.GreaterThan(10 * 28), "ten rows of 28-pixel samples, one per class");
        Assert.That(grid.Colours, Is.GreaterThan(10), "decoded images, not blank tiles");
        Assert.That(File.Exists(Path.Combine(figures, "reconstructions.png")), Is.True, "reconstructions given each image's label");
        Assert.That(File.Exists(Path.Combine(figures, "prior_samples.png")), Is.False, "no unconditional prior samples");

        // `research eval` reads the labels of the test set and says the estimate is conditional.
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await EvalVerb.RunAsync(new EvalRequest(n, Path.Combine(nativeFolder.Path, "mlruns"), K: 20, Seed: 5), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        Assert.That(output.ToString(), Does.Contain("log p(x|y)"));

        // `research sample --class 3` draws given the label; a class outside 0..9 is refused.
        var path = Path.Combine(nativeFolder.Path, "three.png");
        code = await SampleVerb.RunAsync(new SampleRequest(n, Path.Combine(nativeFolder.Path, "mlruns"), Count: 9, OutputPath: path, Class: 3), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        Assert.That(output.ToString(), Does.Contain("given class 3"));
        var perClass = Path.Combine(nativeFolder.Path, "grid.png");
        code = await SampleVerb.RunAsync(new SampleRequest(n, Path.Combine(nativeFolder.Path, "mlruns"), Count: 20, OutputPath: perClass), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        Assert.That(output.ToString(), Does.Contain("2 samples per class for each of 10 classes"));
        errors = new StringWriter();
        code = await SampleVerb.RunAsync(new SampleRequest(n, Path.Combine(nativeFolder.Path, "mlruns"), OutputPath: path, Class: 10), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("--class must be one of the 10 classes 0..9"));
        errors = new StringWriter();
        code = await AnomalyVerb.RunAsync(new AnomalyRequest(n, Path.Combine(nativeFolder.Path, "mlruns"), Classes: [3]), output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("conditional VAE"));
    }

    private static (int Code, string Errors) Validate(string path, params string[] overrides)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ValidateVerb.Run(path, overrides, output, errors);
        return (code, errors.ToString());
    }

    [Test]
    public void Validate_LabelConditioningOnAnUnlabelledDataset_IsALocatedError()
    {
        using var folder = new TempFolder();
        var path = folder.File("cvae.yaml", CvaeYaml("cvae").Replace("dataset: synthetic", "dataset: unlabelled_test"));
        var (code, errors) = Validate(path);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        var line = File.ReadAllLines(path).Select((l, i) => (l, i)).First(p => p.l.Contains("condition:")).i + 1;
        Assert.That(errors, Does.Contain($"{path}:{line}:").And.Contain("model.condition.on: label conditioning needs labels, but dataset 'unlabelled_test' has none")
            .And.Not.Contain("   at "));
    }

    [Test]
    public void Validate_CvaeWithAConvEncoderOrAnotherPriorNextToTheLearnedOne_AreLocatedErrors()
    {
        using var folder = new TempFolder();
        var path = folder.File("cvae.yaml", CvaeYaml("cvae"));
        var (code, errors) = Validate(path, "model.encoder.conv=[8]");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("model.encoder.conv: a conditional VAE concatenates onehot(y)"));
        (code, errors) = Validate(path, "model.prior=mixture_of_gaussians");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("model.prior: model.condition.prior: conditional replaces the prior"));
        (code, errors) = Validate(path, "model.condition.on=labels");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("model.condition.on"));
        (code, errors) = Validate(path, "model.posterior=vq");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("model.posterior: a conditional VQ-VAE is not built"));
        Assert.That(Validate(path).Code, Is.EqualTo(ExitCodes.Ok), "the spec itself is valid");
    }
}
