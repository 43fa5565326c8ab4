using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Evaluation;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// The disentanglement metrics and factor figures end to end: a tiny beta sweep on generated dSprites
/// (a small subset, one epoch, small metric sizes) into a temporary MLflow file store.
/// </summary>
public class DisentanglementRunTests
{
    private static string Yaml(string when = "end", int epochs = 1, string sweep = "sweep: { grid: { objective.beta: [1.0, 4.0] } }") => $$"""
        name: tiny-dsprites
        seed: 2
        data: { dataset: dsprites, binarize: none, batch_size: 32, train_subset: 128, test_subset: 40 }
        model:
          latent: 3
          encoder: { mlp: [16], activation: relu }
          decoder: { mlp: [16], activation: relu }
        objective: { kind: elbo, beta: 1.0 }
        train: { epochs: {{epochs}} }
        eval:
          every_epochs: 1
          nll_k: 2
          disentanglement: { when: {{when}}, batch_size: 8, train_points: 30, eval_points: 20, variance_samples: 100, samples: 120, test_samples: 60 }
        {{sweep}}
        """;

    private static async Task<SweepOutcome> RunAsync(TempFolder folder, string specPath)
    {
        var options = new RunnerOptions(specPath, Path.Combine(folder.Path, "mlruns"), 1, false, Path.Combine(folder.Path, "checkpoints"));
        var spec = SpecLoader.Load(specPath, []);
        return await new SweepRunner(NullLogger<SweepRunner>.Instance, options, new PointRunner(NullLogger<PointRunner>.Instance, options, new RecordingProgress()))
            .RunAsync(spec, SweepExpander.ExpandAll(spec), CancellationToken.None);
    }

    [Test]
    public async Task RunAsync_DspritesSweep_LogsTheMetricsInRange_TheFactorFigures_AndTheSummaryColumns()
    {
        using var folder = new TempFolder();
        var outcome = await RunAsync(folder, folder.File("d.yaml", Yaml()));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok));
        var store = new FileStore(Path.Combine(folder.Path, "mlruns"));
        var runs = await store.SearchRunsAsync(outcome.ExperimentId);
        var children = runs.Where(r => r.ParentRunId == outcome.ParentRunId).ToList();
        Assert.That(children, Has.Count.EqualTo(2));
        foreach (var child in children)
        {
            var point = outcome.Points.Single(p => p.RunId == child.Info.RunId);
            var computed = point.History[^1].Disentanglement!;
            foreach (var (name, value) in computed.Metrics())
            {
                var logged = await store.GetMetricHistoryAsync(child.Info.RunId, name);
                Assert.That(logged.Select(m => m.Step), Is.EqualTo(new long[] { 1 }), name);
                Assert.That(logged[0].Value, Is.EqualTo(value).And.InRange(0.0, 1.0), name);
            }
            var figures = Path.Combine(TrackingStores.LocalPath(child.Info.ArtifactUri), "figures");
            foreach (var figure in new[] { "factor_traversals.png", "factor_response.png", "factor_response.svg", "latent_traversals.png" })
                Assert.That(new FileInfo(Path.Combine(figures, figure)).Length, Is.GreaterThan(1000), figure);
        }
        var parentArtifacts = TrackingStores.LocalPath(runs.Single(r => r.Info.RunId == outcome.ParentRunId).Info.ArtifactUri);
        var summary = File.ReadAllLines(Path.Combine(parentArtifacts, "summary.csv"));
        Assert.That(summary[0].Split(','), Is.SupersetOf(DisentanglementResult.Names));
        Assert.That(summary[1].Split(',').Length, Is.EqualTo(summary[0].Split(',').Length), "every point has a value per column");
        Assert.That(File.Exists(Path.Combine(parentArtifacts, "figures", "metrics_vs_beta.png")));
    }

    [Test]
    public async Task RunAsync_EveryEval_ScoresEachEvaluation_WithTheSameFactorDraws()
    {
        using var folder = new TempFolder();
        var outcome = await RunAsync(folder, folder.File("d.yaml", Yaml(when: "every_eval", epochs: 2, sweep: "")));

        var history = outcome.Points.Single().History;
        Assert.That(history.Select(e => e.Disentanglement is not null), Is.EqualTo(new[] { true, true }));
        var store = new FileStore(Path.Combine(folder.Path, "mlruns"));
        var mig = await store.GetMetricHistoryAsync(outcome.Points.Single().RunId, "mig");
        Assert.That(mig.Select(m => m.Step), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task RunAsync_End_ScoresAPointThatStopsEarly()
    {
        using var folder = new TempFolder();
        // Any improvement below 1e9 nats is none: the second evaluation stops the point at epoch 2 of 3.
        var yaml = Yaml(epochs: 3, sweep: "").Replace("train: { epochs: 3 }", "train: { epochs: 3, early_stopping: { patience: 1, min_delta: 1.0e9 } }");
        var outcome = await RunAsync(folder, folder.File("d.yaml", yaml));

        var history = outcome.Points.Single().History;
        Assert.That(history.Select(e => e.Disentanglement is not null), Is.EqualTo(new[] { false, true }), "scored at the point's last epoch, not train.epochs");
    }

    [Test]
    public async Task RunAsync_Off_LogsNoDisentanglementMetrics_AndAutoOnDataWithoutFactorsNeither()
    {
        using var folder = new TempFolder();
        var off = await RunAsync(folder, folder.File("off.yaml", Yaml(when: "off", sweep: "")));
        Assert.That(off.Points.Single().History.Select(e => e.Disentanglement), Has.All.Null);
        var auto = await RunAsync(folder, folder.File("auto.yaml", TinySpecs.Yaml("auto", epochs: 1)));
        Assert.That(auto.Points.Single().History.Select(e => e.Disentanglement), Has.All.Null, "synthetic data has no ground-truth factors");
        var store = new FileStore(Path.Combine(folder.Path, "mlruns"));
        Assert.That(await store.GetMetricHistoryAsync(auto.Points.Single().RunId, "mig"), Is.Empty);
    }

    /// <summary>The representation is read back from the device as posterior means: LibTorch on the CPU scores what the native engine scores.</summary>
    [Test]
    public async Task RunAsync_TorchCpu_ScoresAsTheNativeEngine()
    {
        using var folder = new TempFolder();
        var outcome = await RunAsync(folder, folder.File("d.yaml", Yaml(sweep: "sweep: { grid: { train.device: [cpu, torch-cpu] } }")));

        Assert.That(outcome.Points.Select(p => p.Status), Has.All.EqualTo(RunStatus.Finished));
        var (cpu, torch) = (outcome.Points[0].History[^1].Disentanglement!, outcome.Points[1].History[^1].Disentanglement!);
        TestContext.Out.WriteLine($"cpu   {cpu}\ntorch {torch}");
        foreach (var ((name, a), (_, b)) in cpu.Metrics().Zip(torch.Metrics()))
            Assert.That(b, Is.EqualTo(a).Within(0.05), $"{name}: float32 rounding differs between the engines; a rare vote or bin may flip, not more");
    }

    [TestCase("end")]
    [TestCase("every_eval")]
    public void Validate_AskedForOnDataWithoutFactors_IsALocatedError(string when)
    {
        using var folder = new TempFolder();
        var spec = folder.File("bad.yaml", TinySpecs.Yaml("bad").Replace("eval: { every_epochs: 1, nll_k: 20 }",
            $"eval: {{ every_epochs: 1, nll_k: 20, disentanglement: {{ when: {when} }} }}"));
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ValidateVerb.Run(spec, [], output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput), errors.ToString());
        Assert.That(errors.ToString(), Does.Match($@"bad\.yaml:\d+:\d+: eval\.disentanglement\.when: {when} needs a data set with ground-truth factors").And.Not.Contain("   at "));
    }

    [Test]
    public void Validate_OneLatentUnit_IsALocatedError()
    {
        using var folder = new TempFolder();
        var spec = folder.File("one.yaml", Yaml(sweep: "").Replace("latent: 3", "latent: 1"));
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.That(ValidateVerb.Run(spec, [], output, errors), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("one.yaml:").And.Contain("at least 2 latent units"));
    }

    /// <summary>A conditional VAE on dSprites (its label is the shape): auto leaves the metrics out (they encode x alone), end is refused.</summary>
    [Test]
    public async Task ConditionalModel_AutoSkipsTheMetrics_AndEndIsALocatedError()
    {
        using var folder = new TempFolder();
        static string Conditional(string when) =>
            Yaml(when: when, sweep: "").Replace("  decoder: { mlp: [16], activation: relu }", "  decoder: { mlp: [16], activation: relu }\n  condition: { on: label }");
        var auto = await RunAsync(folder, folder.File("auto.yaml", Conditional("auto")));
        Assert.That(auto.Points.Single().Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(auto.Points.Single().History.Select(e => e.Disentanglement), Has.All.Null);

        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.That(ValidateVerb.Run(folder.File("end.yaml", Conditional("end")), [], output, errors), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Match(@"end\.yaml:\d+:\d+: eval\.disentanglement\.when: .*conditional model"));
    }
}
