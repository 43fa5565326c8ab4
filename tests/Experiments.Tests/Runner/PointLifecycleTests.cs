using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// A point's lifecycle under faults at each phase (a full store while logging, a crash after training,
/// a kill -9 before the first checkpoint or midway through one, a failed point): what `--resume`
/// and `--retry-failed` make of what is left.
/// </summary>
public class PointLifecycleTests
{
    private static async Task<SweepOutcome> RunAsync(TempFolder folder, string specPath, ITrackingStore? store = null, RecordingProgress? progress = null,
        bool resume = false, bool retryFailed = false, CancellationToken cancel = default)
    {
        var options = new RunnerOptions(specPath, Path.Combine(folder.Path, "mlruns"), 1, resume || retryFailed, Path.Combine(folder.Path, "checkpoints"), retryFailed);
        var points = new PointRunner(NullLogger<PointRunner>.Instance, options, progress ?? new RecordingProgress());
        var runner = new SweepRunner(NullLogger<SweepRunner>.Instance, options, points, store is null ? null : _ => store);
        var spec = SpecLoader.Load(specPath, []);
        return await runner.RunAsync(spec, SweepExpander.ExpandAll(spec), cancel);
    }

    private static FileStore Store(TempFolder folder) => new(Path.Combine(folder.Path, "mlruns"));

    private static string Figures(Run run) => Path.Combine(TrackingStores.LocalPath(run.Info.ArtifactUri), "figures");

    private static string PointFolder(TempFolder folder, string name) =>
        Directory.GetDirectories(Path.Combine(folder.Path, "checkpoints", name)).Single();

    [Test]
    public async Task RunAsync_StoreFullWhileLoggingFigures_EndsTheRunFailedWithAReasonThatFits_SaysWhereTheModelIs_AndResumeFinishesIt()
    {
        using var folder = new TempFolder();
        var spec = folder.File("full.yaml", TinySpecs.Yaml("full", epochs: 2));
        var store = new FullDiskStore(Path.Combine(folder.Path, "mlruns"));
        // After the last epoch's metrics, 60 bytes are left: no artifact fits, a short reason does.
        var progress = new RecordingProgress(log => { if (log.Epoch == 2) store.SpaceLeft = RunEnding.ShortReasonLength; });

        var outcome = await RunAsync(folder, spec, store, progress);

        var point = outcome.Points.Single();
        Assert.That(point.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(point.FailureReason, Does.Contain("No space left on device"));
        var run = await Store(folder).GetRunAsync(point.RunId);
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Failed), "not left RUNNING");
        Assert.That(run.Tags[MlflowTags.FailureReason], Is.Not.Empty.And.Length.LessThanOrEqualTo(RunEnding.ShortReasonLength).And.StartWith("could not write"));
        var summary = RunSummary.Format(outcome);
        Assert.That(summary, Does.Contain("2 of 2 epochs trained").And.Contain(PointFolder(folder, "full")).And.Contain("--resume"));
        Assert.That(summary, Does.Not.Contain("Nothing was trained"));
        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.RunFailed));
        Assert.That(new Checkpoint(PointFolder(folder, "full")).TryRead()!.Completed, Is.False, "completion comes after the figures");

        store.SpaceLeft = null; // space freed
        var progressAgain = new RecordingProgress();
        var resumed = await RunAsync(folder, spec, store, progressAgain, resume: true);

        Assert.That(resumed.Points.Single().Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(resumed.Points.Single().RunId, Is.EqualTo(point.RunId));
        Assert.That(progressAgain.Events, Has.None.StartsWith("epoch"), "nothing trained again");
        var finished = await Store(folder).GetRunAsync(point.RunId);
        Assert.That(finished.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(Directory.GetFiles(Figures(finished)).Select(f => new FileInfo(f).Length).ToList(), Has.Count.GreaterThanOrEqualTo(8).And.All.GreaterThan(0));
    }

    [Test]
    public async Task Resume_TrainedPointWhoseRunIsStillRunningWithMissingFigures_WritesThemAndFinishesTheRun()
    {
        using var folder = new TempFolder();
        var spec = folder.File("crash.yaml", TinySpecs.Yaml("crash", epochs: 2));
        var first = await RunAsync(folder, spec);
        var runId = first.Points.Single().RunId;
        // What a crash right after training leaves: the run RUNNING, a 0-byte figure, the others missing.
        var store = Store(folder);
        await store.UpdateRunAsync(runId, RunStatus.Running);
        var figures = Figures(await store.GetRunAsync(runId));
        Directory.Delete(figures, recursive: true);
        Directory.CreateDirectory(figures);
        File.WriteAllBytes(Path.Combine(figures, "learning_curves.svg"), []);

        var resumed = await RunAsync(folder, spec, resume: true);

        Assert.That(resumed.Points.Single().Status, Is.EqualTo(RunStatus.Finished));
        var run = await store.GetRunAsync(runId);
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(Directory.GetFiles(figures).Select(f => new FileInfo(f).Length).ToList(), Has.Count.GreaterThanOrEqualTo(8).And.All.GreaterThan(0));
    }

    [Test]
    public async Task Resume_AFailedPoint_IsNotRunAgainAndSaysHowToRetry_AndRetryFailedTrainsItInANewRun()
    {
        using var folder = new TempFolder();
        var spec = folder.File("nan.yaml", TinySpecs.Yaml("nanretry", epochs: 1).Replace("checkpoint_every: 1", "checkpoint_every: 1, optimizer: { sgd: { lr: 1.0e+30 } }"));
        var failed = (await RunAsync(folder, spec)).Points.Single();
        Assert.That(failed.Status, Is.EqualTo(RunStatus.Failed));

        var progress = new RecordingProgress();
        var resumed = await RunAsync(folder, spec, progress: progress, resume: true);
        Assert.That(progress.Events, Is.Empty);
        Assert.That(resumed.Points.Single().Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(RunSummary.Format(resumed), Does.Contain("--retry-failed").And.Not.Contain("already completed"));

        var retryProgress = new RecordingProgress();
        var retried = (await RunAsync(folder, spec, progress: retryProgress, retryFailed: true)).Points.Single();
        Assert.That(retryProgress.Events, Does.Contain("start 0 at epoch 1"));
        Assert.That(retried.RunId, Is.Not.EqualTo(failed.RunId));
        var run = await Store(folder).GetRunAsync(retried.RunId);
        Assert.That(run.Tags["retry_of"], Is.EqualTo(failed.RunId));
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Failed), "the same NaN again, but trained again");
    }

    [Test]
    public async Task Resume_AfterAKillDuringACheckpointWrite_RemovesItsTemporaryFiles()
    {
        using var folder = new TempFolder();
        var spec = folder.File("tmp.yaml", TinySpecs.Yaml("tmp", epochs: 2));
        using var ctrlC = new CancellationTokenSource();
        await RunAsync(folder, spec, progress: new RecordingProgress(_ => ctrlC.Cancel()), cancel: ctrlC.Token);
        var point = PointFolder(folder, "tmp");
        // What a kill -9 in the middle of writing epoch 2 leaves (the names TensorFile and WriteState use).
        var leftovers = new[] { ".epoch-0002.model.bin.4242.tmp", ".epoch-0002.optimizer.bin.4242.tmp", "state.json.4242.tmp" };
        foreach (var name in leftovers) File.WriteAllBytes(Path.Combine(point, name), new byte[1000]);

        var resumed = await RunAsync(folder, spec, resume: true);

        Assert.That(resumed.Points.Single().Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(Directory.GetFiles(point, "*.tmp"), Is.Empty);
    }

    [Test]
    public async Task Resume_AfterKill9BeforeTheFirstCheckpoint_ContinuesTheSameRun_AndLeavesNoneRunning()
    {
        using var folder = new TempFolder();
        // Checkpoints only at the end of many epochs: the kill lands before the first one.
        var spec = folder.File("k9.yaml", TinySpecs.Yaml("kill9", epochs: 5000).Replace("checkpoint_every: 1", "checkpoint_every: 0")
            .Replace("every_epochs: 1", "every_epochs: 0"));
        var mlruns = Path.Combine(folder.Path, "mlruns");
        using (var child = Process.Start(new ProcessStartInfo("dotnet")
               {
                   ArgumentList =
                   {
                       Path.Combine(AppContext.BaseDirectory, "research.dll"), "run", spec, "--tracking-uri", mlruns,
                       "--checkpoint-dir", Path.Combine(folder.Path, "checkpoints"),
                   },
                   RedirectStandardOutput = true,
                   RedirectStandardError = true,
                   Environment = { ["CI"] = "true" },
               })!)
        {
            _ = child.StandardError.ReadToEndAsync();
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync()) is not null && !line.Contains("steps per epoch", StringComparison.Ordinal)) { }
            Assert.That(line, Is.Not.Null, "the child started training");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        var store = Store(folder);
        var experiment = (await store.GetExperimentByNameAsync("kill9"))!;
        var orphan = (await store.SearchRunsAsync(experiment.ExperimentId)).Single();
        Assert.That(orphan.Info.Status, Is.EqualTo(RunStatus.Running), "kill -9 leaves it RUNNING");

        using var ctrlC = new CancellationTokenSource();
        var resumed = await RunAsync(folder, spec, progress: new RecordingProgress(_ => ctrlC.Cancel()), resume: true, cancel: ctrlC.Token);

        Assert.That(resumed.Interrupted, Is.True);
        var runs = await store.SearchRunsAsync(experiment.ExperimentId);
        Assert.That(runs.Select(r => r.Info.RunId), Is.EqualTo(new[] { orphan.Info.RunId }), "the same run, no second one");
        Assert.That(runs.Single().Info.Status, Is.EqualTo(RunStatus.Killed));
    }
}
