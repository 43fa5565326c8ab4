using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>End-to-end runs of tiny specs on generated data into a temporary MLflow file store.</summary>
public class SweepRunnerTests
{
    private static SweepRunner Runner(TempFolder folder, string specPath, RecordingProgress progress, bool resume = false, int parallel = 1)
    {
        var options = new RunnerOptions(specPath, Path.Combine(folder.Path, "mlruns"), parallel, resume, Path.Combine(folder.Path, "checkpoints"));
        return new SweepRunner(NullLogger<SweepRunner>.Instance, options, new PointRunner(NullLogger<PointRunner>.Instance, options, progress));
    }

    private static async Task<SweepOutcome> RunAsync(TempFolder folder, string specPath, IReadOnlyList<string>? overrides = null,
        RecordingProgress? progress = null, bool resume = false, int parallel = 1, CancellationToken cancel = default)
    {
        var spec = SpecLoader.Load(specPath, overrides ?? []);
        return await Runner(folder, specPath, progress ?? new RecordingProgress(), resume, parallel).RunAsync(spec, SweepExpander.ExpandAll(spec), cancel);
    }

    private static FileStore Store(TempFolder folder) => new(Path.Combine(folder.Path, "mlruns"));

    [Test]
    public async Task RunAsync_Sweep_LogsAParentRunWithOneFinishedChildPerPoint()
    {
        using var folder = new TempFolder();
        var spec = folder.File("tiny.yaml", TinySpecs.Yaml("tiny", extra: "sweep: { grid: { objective.k: [1, 3] } }"));

        var progress = new RecordingProgress();
        var outcome = await RunAsync(folder, spec, progress: progress);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(progress.Events, Does.Contain("evaluated 1.3 60"), "the evaluation reports its progress (60 test images)");
        var store = Store(folder);
        var runs = await store.SearchRunsAsync(outcome.ExperimentId);
        var parent = runs.Single(r => r.Info.RunId == outcome.ParentRunId);
        var children = runs.Where(r => r.ParentRunId == parent.Info.RunId).OrderBy(r => r.Params["objective.k"]).ToList();
        Assert.That(children.Select(c => c.Params["objective.k"]), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(runs.Select(r => r.Info.Status), Has.All.EqualTo(RunStatus.Finished));
        Assert.That(children[0].Info.RunName, Is.EqualTo("tiny k=1"));
        Assert.That(children[0].Tags["spec.file"], Is.EqualTo(spec));
        Assert.That(children[0].Tags["sweep.values"], Is.EqualTo("k=1"));

        // Params are the flattened resolved spec of the point; metrics have one entry per epoch.
        var point = SweepExpander.ExpandAll(SpecLoader.Load(spec, [])).First();
        Assert.That(children[0].Params, Is.EquivalentTo(SpecParams.Flatten(point.Spec)));
        var loglik = await store.GetMetricHistoryAsync(children[0].Info.RunId, "test_loglik");
        Assert.That(loglik.Select(m => m.Step), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(loglik.Select(m => m.Value), Has.All.LessThan(0.0));
        Assert.That(loglik[^1].Value, Is.EqualTo(outcome.Points[0].LastEvaluated!.Test!.LogLikelihood));
        foreach (var key in new[] { "train_loss", "train_elbo", "train_reconstruction", "train_kl", "kl_weight", "lr", "seconds_per_epoch", "samples_per_second", "active_units" })
            Assert.That(children[0].LatestMetrics.ContainsKey(key), key);

        var artifacts = Path.Combine(TrackingStores.LocalPath(children[0].Info.ArtifactUri));
        Assert.That(File.ReadAllText(Path.Combine(artifacts, "spec.yaml")), Is.EqualTo(SpecWriter.ToYaml(point.Spec)));
        Assert.That(File.ReadAllLines(Path.Combine(artifacts, "metrics.csv")), Has.Length.EqualTo(4), "a header and one row per epoch");
        Assert.That(File.Exists(Path.Combine(artifacts, "checkpoint", "model.bin")));
        foreach (var figure in new[] { "learning_curves.png", "learning_curves.svg", "kl_per_dimension.png", "prior_samples.png", "reconstructions.png",
                     "latent_traversals.png", "interpolation.png", "latent_scatter.png", "latent_scatter.svg" })
            Assert.That(File.Exists(Path.Combine(artifacts, "figures", figure)), figure);
        var parentArtifacts = TrackingStores.LocalPath(parent.Info.ArtifactUri);
        Assert.That(File.Exists(Path.Combine(parentArtifacts, "sweep.yaml")));
        Assert.That(File.Exists(Path.Combine(parentArtifacts, "figures", "bound_vs_k.png")));
        Assert.That(File.ReadAllLines(Path.Combine(parentArtifacts, "summary.csv")), Has.Length.EqualTo(3), "a header and one row per point");
    }

    [Test]
    public async Task RunAsync_SameSpecTwice_GivesBitwiseIdenticalModels()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var a = await RunAsync(first, first.File("s.yaml", TinySpecs.Yaml("same")));
        var b = await RunAsync(second, second.File("s.yaml", TinySpecs.Yaml("same")));
        Assert.That(await ModelBytesAsync(second, b), Is.EqualTo(await ModelBytesAsync(first, a)));
    }

    [Test]
    public async Task Resume_AfterCtrlC_EqualsTheUninterruptedRun()
    {
        using var straight = new TempFolder();
        var uninterrupted = await RunAsync(straight, straight.File("r.yaml", TinySpecs.Yaml("resume", epochs: 4)));

        using var folder = new TempFolder();
        var spec = folder.File("r.yaml", TinySpecs.Yaml("resume", epochs: 4));
        using var ctrlC = new CancellationTokenSource();
        var interrupted = await RunAsync(folder, spec, progress: new RecordingProgress(log => { if (log.Epoch == 2) ctrlC.Cancel(); }), cancel: ctrlC.Token);
        Assert.That(interrupted.Interrupted, Is.True);
        Assert.That(interrupted.ExitCode, Is.EqualTo(ExitCodes.Interrupted));
        var killed = (await Store(folder).SearchRunsAsync(interrupted.ExperimentId)).Single();
        Assert.That(killed.Info.Status, Is.EqualTo(RunStatus.Killed));
        Assert.That((await Store(folder).GetMetricHistoryAsync(killed.Info.RunId, "train_loss")).Count, Is.EqualTo(2), "what was logged is kept");

        var progress = new RecordingProgress();
        var resumed = await RunAsync(folder, spec, progress: progress, resume: true);

        Assert.That(progress.Events, Does.Contain("start 0 at epoch 3"));
        Assert.That(resumed.Points.Single().RunId, Is.EqualTo(killed.Info.RunId), "the same MLflow run continues");
        var run = (await Store(folder).SearchRunsAsync(resumed.ExperimentId)).Single();
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(await ModelBytesAsync(folder, resumed), Is.EqualTo(await ModelBytesAsync(straight, uninterrupted)), "bitwise equal parameters");
        Assert.That(resumed.Points.Single().History.Select(h => h.Loss), Is.EqualTo(uninterrupted.Points.Single().History.Select(h => h.Loss)));
        Assert.That(resumed.Points.Single().History.Select(h => h.Test?.LogLikelihood),
            Is.EqualTo(uninterrupted.Points.Single().History.Select(h => h.Test?.LogLikelihood)));
    }

    [Test]
    public async Task Resume_WhenAPointsRunIsGone_FailsTheParentRunInsteadOfLeavingItRunning()
    {
        using var folder = new TempFolder();
        var spec = folder.File("g.yaml", TinySpecs.Yaml("gone", epochs: 2, extra: "sweep: { grid: { seed: [1, 2] } }"));
        using var ctrlC = new CancellationTokenSource();
        var interrupted = await RunAsync(folder, spec, progress: new RecordingProgress(_ => ctrlC.Cancel()), cancel: ctrlC.Token);
        var store = Store(folder);
        var killed = (await store.SearchRunsAsync(interrupted.ExperimentId)).Single(r => r.ParentRunId is not null);
        Directory.Delete(Path.GetDirectoryName(TrackingStores.LocalPath(killed.Info.ArtifactUri))!, recursive: true); // the run folder holds artifacts/

        Assert.ThrowsAsync<TrackingException>(() => RunAsync(folder, spec, resume: true));

        var parent = await store.GetRunAsync(interrupted.ParentRunId!);
        Assert.That(parent.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(parent.Tags, Does.ContainKey(MlflowTags.FailureReason));
    }

    [Test]
    public async Task Resume_ACompletedSweep_RunsNothingAgain()
    {
        using var folder = new TempFolder();
        var spec = folder.File("c.yaml", TinySpecs.Yaml("completed", epochs: 1, extra: "sweep: { grid: { seed: [1, 2] } }"));
        var first = await RunAsync(folder, spec);
        var progress = new RecordingProgress();
        var again = await RunAsync(folder, spec, progress: progress, resume: true);
        Assert.That(progress.Events, Is.Empty);
        Assert.That(again.Points.Select(p => p.RunId), Is.EqualTo(first.Points.Select(p => p.RunId)));
        Assert.That(again.ParentRunId, Is.EqualTo(first.ParentRunId));
        Assert.That((await Store(folder).SearchRunsAsync(first.ExperimentId)).Count, Is.EqualTo(3));
    }

    [Test]
    public async Task RunAsync_APointWhoseLossBecomesNaN_EndsFailedWithTheReason_AndTheSweepGoesOn()
    {
        using var folder = new TempFolder();
        // A learning rate of 1e30 sends the weights to infinity within a few steps.
        var spec = folder.File("nan.yaml", TinySpecs.Yaml("nan", epochs: 2,
            extra: "sweep: { grid: { train.optimizer.sgd.lr: [1.0e+30, 0.01] } }").Replace("checkpoint_every: 1", "checkpoint_every: 1, optimizer: sgd"));

        var outcome = await RunAsync(folder, spec);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.RunFailed));
        Assert.That(outcome.Points.Select(p => p.Status), Is.EqualTo(new[] { RunStatus.Failed, RunStatus.Finished }));
        Assert.That(outcome.Points[0].FailureReason, Does.StartWith("non-finite loss"));
        var failed = await Store(folder).GetRunAsync(outcome.Points[0].RunId);
        Assert.That(failed.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(failed.Tags[MlflowTags.FailureReason], Is.EqualTo(outcome.Points[0].FailureReason));
        // The parent reflects its points (issue 17): one failed, so the sweep's run is FAILED, with the tally.
        var parent = await Store(folder).GetRunAsync(outcome.ParentRunId!);
        Assert.That(parent.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(parent.Tags[SweepStatus.SummaryTag], Is.EqualTo("2 points: 1 finished, 1 failed"));
    }

    [Test]
    public async Task RunAsync_TwoPointsInParallel_GiveTheSameModelsAsOneAfterAnother()
    {
        using var serial = new TempFolder();
        using var parallel = new TempFolder();
        const string sweep = "sweep: { grid: { objective.k: [1, 2] } }";
        var a = await RunAsync(serial, serial.File("p.yaml", TinySpecs.Yaml("par", epochs: 2, extra: sweep)));
        var b = await RunAsync(parallel, parallel.File("p.yaml", TinySpecs.Yaml("par", epochs: 2, extra: sweep)), parallel: 2);
        Assert.That(b.Points.Select(p => p.Status), Has.All.EqualTo(RunStatus.Finished));
        for (var i = 0; i < 2; i++)
            Assert.That(b.Points[i].History.Select(h => h.Loss), Is.EqualTo(a.Points[i].History.Select(h => h.Loss)), $"point {i}");
    }

    [TestCase(0, new[] { false, false, true })]
    [TestCase(2, new[] { false, true, true })]
    public async Task RunAsync_EvaluatesEveryNEpochsAndAfterTheLast(int every, bool[] evaluated)
    {
        using var folder = new TempFolder();
        var spec = folder.File("e.yaml", TinySpecs.Yaml("every").Replace("every_epochs: 1", $"every_epochs: {every}"));
        var outcome = await RunAsync(folder, spec);
        Assert.That(outcome.Points.Single().History.Select(h => h.Test is not null), Is.EqualTo(evaluated));
    }

    private static async Task<byte[]> ModelBytesAsync(TempFolder folder, SweepOutcome outcome)
    {
        var run = await Store(folder).GetRunAsync(outcome.Points.Single().RunId);
        return File.ReadAllBytes(Path.Combine(TrackingStores.LocalPath(run.Info.ArtifactUri), "checkpoint", "model.bin"));
    }
}
