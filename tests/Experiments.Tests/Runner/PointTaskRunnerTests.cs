using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// `research run --point i --parent RUN_ID` in process, one point after another as Slurm array tasks
/// would run them: each point a child of the given parent, the last one closing the parent.
/// </summary>
public class PointTaskRunnerTests
{
    private const string Sweep = "sweep: { grid: { objective.beta: [0.5, 1.0, 2.0] } }";

    private static async Task<(ExperimentSpec Spec, IReadOnlyList<SweepPoint> Points, string Uri, string ParentId)> SetUpAsync(TempFolder folder, string extra = Sweep)
    {
        var path = folder.File("tiny.yaml", TinySpecs.Yaml("tasks", epochs: 1, extra: extra));
        var spec = SpecLoader.Load(path, ["train.threads=1"]);
        var uri = $"sqlite:///{Path.Combine(folder.Path, "mlflow.db")}";
        await using var store = TrackingStores.FromUri(uri);
        var experiment = await store.GetOrCreateExperimentAsync("tasks");
        var parent = await TrackedRun.StartAsync(store, experiment.ExperimentId, "tasks");
        return (spec, SweepExpander.ExpandAll(spec), uri, parent.RunId);
    }

    private static PointTaskRunner Runner(TempFolder folder, string uri)
    {
        var options = new RunnerOptions("tiny.yaml", uri, 1, true, Path.Combine(folder.Path, "ck"));
        return new PointTaskRunner(NullLogger<PointTaskRunner>.Instance, options,
            new PointRunner(NullLogger<PointRunner>.Instance, options, new RecordingProgress()));
    }

    [Test]
    public async Task RunAsync_EveryPointInTurn_ChildrenNestedAndTheLastClosesTheParent()
    {
        using var folder = new TempFolder();
        var (spec, points, uri, parentId) = await SetUpAsync(folder);
        var runner = Runner(folder, uri);
        await using var store = TrackingStores.FromUri(uri);
        foreach (var i in new[] { 2, 0, 1 })
        {
            Assert.That((await store.GetRunAsync(parentId)).Info.Status, Is.EqualTo(RunStatus.Running), $"parent before point {i}");
            var outcome = await runner.RunAsync(spec, points, i, parentId, CancellationToken.None);
            Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok));
            Assert.That(outcome.Points.Single().Point.Index, Is.EqualTo(i));
        }

        var parent = await store.GetRunAsync(parentId);
        Assert.That(parent.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(parent.Params[SweepClosing.ClaimParam], Does.StartWith("process on"));
        var children = (await store.SearchRunsAsync(parent.Info.ExperimentId)).Where(r => r.ParentRunId == parentId).ToArray();
        Assert.That(children, Has.Length.EqualTo(3));
        Assert.That(children.Select(c => c.Info.Status), Is.All.EqualTo(RunStatus.Finished));
        Assert.That(children.Select(c => c.Tags[SweepChild.PointTag]).Order(), Is.EqualTo(new[] { "0", "1", "2" }));
        var summary = File.ReadAllText(Path.Combine(new Uri(parent.Info.ArtifactUri).LocalPath, "summary.md"));
        foreach (var child in children) Assert.That(summary, Does.Contain(child.Info.RunId));
        Assert.That(File.Exists(Path.Combine(new Uri(parent.Info.ArtifactUri).LocalPath, "figures", "metrics_vs_beta.svg")), Is.True);
    }

    [Test]
    public async Task CloseIfComplete_ClaimedByAnother_LeavesTheParentToIt()
    {
        using var folder = new TempFolder();
        var (spec, points, uri, parentId) = await SetUpAsync(folder, extra: "");
        await using var store = TrackingStores.FromUri(uri);
        await store.LogParamAsync(parentId, SweepClosing.ClaimParam, "the other task");
        // The one point ends; its closing claim is refused, so it leaves the parent to the other closer.
        await Runner(folder, uri).RunAsync(spec, points, 0, parentId, CancellationToken.None);
        Assert.That((await store.GetRunAsync(parentId)).Info.Status, Is.EqualTo(RunStatus.Running));

        var (outcome, progress) = await SweepClosing.CloseIfCompleteAsync(store, parentId, points, "finish-sweep", force: true, CancellationToken.None);
        Assert.That(outcome, Is.EqualTo(SweepClosing.Outcome.Closed));
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Finished));
        Assert.That((await store.GetRunAsync(parentId)).Info.Status, Is.EqualTo(RunStatus.Finished));
        var again = await SweepClosing.CloseIfCompleteAsync(store, parentId, points, "again", force: true, CancellationToken.None);
        Assert.That(again.Outcome, Is.EqualTo(SweepClosing.Outcome.AlreadyClosed));
    }

    [Test]
    public async Task FinishSweep_PointsMissing_ClosesTheParentFailed()
    {
        using var folder = new TempFolder();
        var (spec, points, uri, parentId) = await SetUpAsync(folder);
        await using (var store = TrackingStores.FromUri(uri)) await store.SetTagAsync(parentId, "spec.file", Path.Combine(folder.Path, "tiny.yaml"));
        await Runner(folder, uri).RunAsync(spec, points, 1, parentId, CancellationToken.None);

        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await FinishSweepVerb.RunAsync(parentId, uri, null, output, errors);
        Assert.That(code, Is.EqualTo(ExitCodes.RunFailed), errors.ToString());
        Assert.That(output.ToString(), Does.Contain("FAILED").And.Contain("no run yet for point(s) 0, 2"));
        await using var reopened = TrackingStores.FromUri(uri);
        var parent = await reopened.GetRunAsync(parentId);
        Assert.That(parent.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(parent.Tags[MlflowTags.FailureReason], Does.Contain("1 of 3 points ended"));
    }

    [Test]
    public async Task Run_PointOutOfRange_RefusedBeforeAnything()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.yaml", TinySpecs.Yaml("tasks", epochs: 1, extra: Sweep));
        var errors = new StringWriter();
        var code = await RunVerb.RunAsync(new RunRequest(path, [], false, $"sqlite:///{Path.Combine(folder.Path, "mlflow.db")}", Point: 3, ParentRunId: "x"),
            new StringWriter(), errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("--point 3 is out of range: the spec has 3 point(s)"));
        Assert.That(File.Exists(Path.Combine(folder.Path, "mlflow.db")), Is.False);
    }

    [Test]
    public async Task Run_ParentWithoutPoint_Refused()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.yaml", TinySpecs.Yaml("tasks", epochs: 1, extra: Sweep));
        var errors = new StringWriter();
        var code = await RunVerb.RunAsync(new RunRequest(path, [], false, null, ParentRunId: "x"), new StringWriter(), errors);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("--parent needs --point"));
    }
}
