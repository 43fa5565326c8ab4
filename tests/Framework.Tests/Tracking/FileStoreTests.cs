using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class FileStoreTests
{
    private string _dir = "";
    private ManualClock _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("filestore").FullName;
        _clock = new ManualClock();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Root => Path.Combine(_dir, "mlruns");

    private FileStore Store() => new(Root, new FileStoreOptions { Clock = _clock });

    private async Task<(FileStore Store, RunInfo Run)> StoreWithRunAsync()
    {
        var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("e");
        return (store, await store.CreateRunAsync(experiment.ExperimentId, "r"));
    }

    [Test]
    public async Task FirstWrite_CreatesTrashAndTheDefaultExperiment()
    {
        var store = Store();
        await store.GetOrCreateExperimentAsync("e");
        Assert.That(Directory.Exists(Path.Combine(Root, ".trash")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(Root, "0", "meta.yaml")), Is.EqualTo(
            $"artifact_location: {FileStore.FileUri(Path.Combine(Root, "0"))}\ncreation_time: {_clock.NowMs}\nexperiment_id: '0'\n"
            + $"last_update_time: {_clock.NowMs}\nlifecycle_stage: active\nname: Default\n"));
        Assert.That(store.GetExperiment("0").Name, Is.EqualTo("Default"));
    }

    [Test]
    public async Task GetOrCreateExperiment_Twice_ReturnsTheSameExperimentFoundByName()
    {
        var store = Store();
        var first = await store.GetOrCreateExperimentAsync("vae sweep");
        var second = await new FileStore(Root).GetOrCreateExperimentAsync("vae sweep");
        Assert.That(second.ExperimentId, Is.EqualTo(first.ExperimentId));
        Assert.That(first.ExperimentId, Does.Match("^[0-9]{18,19}$"));
        Assert.That(Path.GetFileName(Path.GetDirectoryName(new Uri(first.ArtifactLocation).LocalPath + "/x")), Is.EqualTo(first.ExperimentId));
        Assert.ThrowsAsync<TrackingException>(() => store.CreateExperimentAsync("vae sweep"));
    }

    [Test]
    public async Task GetOrCreateExperiment_ConcurrentlyFromSeparateStores_EndsWithOneExperiment()
    {
        for (var round = 0; round < 10; round++)
        {
            var name = $"race-{round}";
            using var start = new Barrier(4);
            var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return new FileStore(Root).GetOrCreateExperimentAsync(name);
            })).ToArray();
            var experiments = await Task.WhenAll(tasks);

            Assert.That(experiments.Select(e => e.ExperimentId).Distinct().Count(), Is.EqualTo(1), name);
            Assert.That(new FileStore(Root).ListExperiments().Count(e => e.Name == name), Is.EqualTo(1), name);
        }
    }

    [Test]
    public async Task ListExperiments_ActiveOnesByName()
    {
        var store = Store();
        Assert.That(await store.ListExperimentsAsync(), Is.Empty, "a store that does not exist yet");
        Assert.That(Directory.Exists(Root), Is.False, "listing creates nothing");
        await store.GetOrCreateExperimentAsync("zeta");
        var deleted = await store.GetOrCreateExperimentAsync("deleted");
        await store.GetOrCreateExperimentAsync("alpha");
        store.DeleteExperiment(deleted.ExperimentId);

        var experiments = await store.ListExperimentsAsync();

        Assert.That(experiments.Select(e => e.Name), Is.EqualTo(new[] { "Default", "alpha", "zeta" }));
    }

    [Test]
    public async Task CreateRun_WritesRunIdAndRunUuid_RunNameTag_AndEmptyFolders()
    {
        var store = new FileStore(Root, new FileStoreOptions { Clock = _clock, NewRunId = () => "0123456789abcdef0123456789abcdef" });
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "my run", [new RunTag(MlflowTags.User, "bob")]);

        var dir = Path.Combine(Root, experiment.ExperimentId, run.RunId);
        var meta = File.ReadAllText(Path.Combine(dir, "meta.yaml"));
        Assert.That(meta, Does.Contain("\nrun_id: 0123456789abcdef0123456789abcdef\nrun_name: my run\nrun_uuid: 0123456789abcdef0123456789abcdef\n"));
        Assert.That(meta, Does.Contain("\nend_time: null\n"));
        Assert.That(meta, Does.Contain($"\nstart_time: {_clock.NowMs}\nstatus: 1\ntags: []\nuser_id: bob\n"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "tags", "mlflow.runName")), Is.EqualTo("my run"));
        Assert.That(new[] { "artifacts", "metrics", "params" }.All(d => Directory.Exists(Path.Combine(dir, d))), Is.True);
        Assert.That(run.UserId, Is.EqualTo("bob"));
    }

    [Test]
    public async Task CreateRun_WithoutName_GetsAGeneratedName()
    {
        var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, null);
        Assert.That(run.RunName, Does.Match("^[a-z]+-[a-z]+-[0-9]+$"));
        Assert.That((await store.GetRunAsync(run.RunId)).Tags[MlflowTags.RunName], Is.EqualTo(run.RunName));
    }

    [Test]
    public async Task UpdateRun_Finished_WritesStatusCodeAndEndTime()
    {
        var (store, run) = await StoreWithRunAsync();
        _clock.Advance(1234);
        var finished = await store.UpdateRunAsync(run.RunId, RunStatus.Failed);
        Assert.That(finished.EndTime, Is.EqualTo(_clock.NowMs));
        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(read.Info.EndTime, Is.EqualTo(_clock.NowMs));
    }

    [Test]
    public async Task LogParam_SameValueTwice_IsAccepted_DifferentValue_IsRefusedAndWritesNothing()
    {
        var (store, run) = await StoreWithRunAsync();
        await store.LogParamAsync(run.RunId, "lr", 0.001);
        await store.LogParamAsync(run.RunId, "lr", 0.001);

        var error = Assert.ThrowsAsync<TrackingException>(() =>
            store.LogBatchAsync(run.RunId, [new Metric("loss", 1, 1, 0)], [new Param("beta", "2"), new Param("lr", "0.01")]));
        Assert.That(error!.ErrorCode, Is.EqualTo(MlflowErrorCodes.InvalidParameterValue));
        Assert.That(error.Message, Does.Contain("Changing param values is not allowed").And.Contain("'0.001'").And.Contain("'0.01'"));
        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Params, Is.EqualTo(new Dictionary<string, string> { ["lr"] = "0.001" }), "the refused batch wrote nothing");
        Assert.That(read.LatestMetrics, Is.Empty);
    }

    [Test]
    public async Task LogParam_LongerThan6000_IsCutAt6000_AndRelogging_IsTheSameValue()
    {
        var (store, run) = await StoreWithRunAsync();
        var value = string.Concat(Enumerable.Repeat("0123456789", 700));
        await store.LogParamAsync(run.RunId, "spec", value);
        await store.LogParamAsync(run.RunId, "spec", value);

        var stored = File.ReadAllText(Path.Combine(Root, run.ExperimentId, run.RunId, "params", "spec"));
        Assert.That(stored, Is.EqualTo(value[..6000]));
        Assert.That(ParamValues.Truncate(new string('x', 5999) + "\U0001F600\U0001F600"), Has.Length.EqualTo(6001), "6000 code points, no split pair");
    }

    [TestCase("../escape")]
    [TestCase("a/../../escape")]
    [TestCase("/absolute")]
    [TestCase("a//b")]
    [TestCase("a/./b")]
    [TestCase("trailing/")]
    [TestCase("bad*char")]
    [TestCase("")]
    public async Task LogBatch_InvalidKey_IsRefusedAndNothingLeavesTheRun(string key)
    {
        var (store, run) = await StoreWithRunAsync();
        Assert.ThrowsAsync<TrackingException>(() => store.LogBatchAsync(run.RunId, [new Metric(key, 1, 1, 0)]));
        Assert.ThrowsAsync<TrackingException>(() => store.LogParamAsync(run.RunId, key, 1));
        Assert.ThrowsAsync<TrackingException>(() => store.SetTagAsync(run.RunId, key, "v"));
        Assert.That(File.Exists(Path.Combine(Root, run.ExperimentId, "escape")), Is.False);
        Assert.That(File.Exists(Path.Combine(Root, "escape")), Is.False);
    }

    [Test]
    public async Task LogArtifact_PathThatEscapes_IsRefused()
    {
        var (store, run) = await StoreWithRunAsync();
        Assert.ThrowsAsync<TrackingException>(() => store.LogTextArtifactAsync(run.RunId, "../meta.yaml", "x"));
        Assert.ThrowsAsync<TrackingException>(() => store.LogTextArtifactAsync(run.RunId, "/etc/x", "x"));
        await store.LogTextArtifactAsync(run.RunId, "figures/curve.svg", "<svg/>");
        Assert.That(File.ReadAllText(Path.Combine(store.ArtifactDirectory(run.RunId), "figures", "curve.svg")), Is.EqualTo("<svg/>"));
    }

    [Test]
    public async Task Metrics_AreWrittenInMlflowsLineFormat_AndTheLatestIsTheLargestStep()
    {
        var (store, run) = await StoreWithRunAsync();
        await store.LogBatchAsync(run.RunId,
        [
            new Metric("eval/nll", 90.5, 1700000000000, 10),
            new Metric("eval/nll", 88.25, 1700000000001, 20),
            new Metric("eval/nll", 1e-05, 1700000000002, 5),
            new Metric("kl", double.NaN, 1700000000003, 0),
        ]);
        var text = File.ReadAllText(Path.Combine(Root, run.ExperimentId, run.RunId, "metrics", "eval", "nll"));
        Assert.That(text, Is.EqualTo("1700000000000 90.5 10\n1700000000001 88.25 20\n1700000000002 1e-05 5\n"));
        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.LatestMetrics["eval/nll"].Value, Is.EqualTo(88.25));
        Assert.That(double.IsNaN(read.LatestMetrics["kl"].Value), Is.True);
    }

    [Test]
    public async Task SetTag_RunName_RenamesTheRun_OtherTagsMayBeOverwritten()
    {
        var (store, run) = await StoreWithRunAsync();
        await store.SetTagAsync(run.RunId, "phase", "warmup");
        await store.SetTagAsync(run.RunId, "phase", "train");
        await store.SetTagAsync(run.RunId, MlflowTags.RunName, "renamed");
        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Tags["phase"], Is.EqualTo("train"));
        Assert.That(read.Info.RunName, Is.EqualTo("renamed"));
    }

    [Test]
    public async Task Sweep_ParentAndChildren_NestByParentRunIdTag_FailedChildKeepsItsReason()
    {
        var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("sweep");
        var parent = await TrackedRun.StartAsync(store, experiment.ExperimentId, "iwae-grid", new RunSource("Experiments", "alice", null).ToTags(), _clock);
        foreach (var k in new[] { 1, 5 })
        {
            var child = await parent.StartChildAsync($"k={k}");
            await child.LogParamsAsync([new("objective.k", k), new("objective.beta", 1.0)]);
            await child.LogMetricsAsync([new("loss", 100.0 / k), new("kl", 3.5)], step: 1);
            if (k == 5) await child.FailAsync("loss is NaN at step 1200");
            else await child.FinishAsync();
        }
        await parent.FinishAsync();

        var runs = await store.SearchRunsAsync(experiment.ExperimentId);
        var children = runs.Where(r => r.ParentRunId == parent.RunId).OrderBy(r => r.Info.RunName).ToList();
        Assert.That(children.Select(c => c.Info.Status), Is.EqualTo(new[] { RunStatus.Finished, RunStatus.Failed }));
        Assert.That(children[1].Tags[MlflowTags.FailureReason], Is.EqualTo("loss is NaN at step 1200"));
        Assert.That(children[0].Params, Is.EqualTo(new Dictionary<string, string> { ["objective.beta"] = "1.0", ["objective.k"] = "1" }));
        var parentRun = runs.Single(r => r.Info.RunId == parent.RunId);
        Assert.That(parentRun.Tags[MlflowTags.User], Is.EqualTo("alice"));
        Assert.That(parentRun.Info.UserId, Is.EqualTo("alice"));
        Assert.That(parentRun.Tags[MlflowTags.SourceType], Is.EqualTo("LOCAL"));
    }

    [Test]
    public async Task ResumeAsync_AKilledRun_IsRunningAgainAndKeepsWhatWasLogged()
    {
        var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("resume");
        var run = await TrackedRun.StartAsync(store, experiment.ExperimentId, "point", clock: _clock);
        await run.LogMetricsAsync([new("loss", 3.0)], step: 1);
        await run.KillAsync();

        var resumed = await TrackedRun.ResumeAsync(store, run.RunId, _clock);
        await resumed.LogMetricsAsync([new("loss", 2.0)], step: 2);
        await resumed.FinishAsync();

        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That((await store.GetMetricHistoryAsync(run.RunId, "loss")).Select(m => m.Step), Is.EqualTo(new long[] { 1, 2 }));
        var e = Assert.ThrowsAsync<TrackingException>(() => TrackedRun.ResumeAsync(store, "0123456789abcdef0123456789abcdef", _clock));
        Assert.That(e!.Message, Does.Contain("0123456789abcdef0123456789abcdef"));
    }

    [Test]
    public async Task CreateRun_InADeletedExperiment_IsRefused()
    {
        var store = Store();
        var id = await store.CreateExperimentAsync("gone");
        store.DeleteExperiment(id);
        Assert.That(Directory.Exists(Path.Combine(Root, ".trash", id)), Is.True);
        Assert.ThrowsAsync<TrackingException>(() => store.CreateRunAsync(id, "r"));
        Assert.ThrowsAsync<TrackingException>(() => store.GetOrCreateExperimentAsync("gone"));
    }
}
