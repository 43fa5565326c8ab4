using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

/// <summary>
/// What the runner relies on, checked over every local store: the file store and the SQLite store
/// must answer the same (the REST store is checked against the recorded server in RestStoreTests).
/// </summary>
public class TrackingStoreContractTests
{
    /// <summary>A kind of store, opened in a fresh folder with a given clock.</summary>
    public sealed record StoreKind(string Name, Func<string, TimeProvider, ITrackingStore> Open, Func<ITrackingStore, string, string> ArtifactDirectory)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<StoreKind> Kinds() =>
    [
        new("file", (dir, clock) => new FileStore(Path.Combine(dir, "mlruns"), new FileStoreOptions { Clock = clock }),
            (store, runId) => ((FileStore)store).ArtifactDirectory(runId)),
        new("sqlite", (dir, clock) => new SqliteStore(Path.Combine(dir, "mlflow.db"), new SqliteStoreOptions { Clock = clock }),
            (store, runId) => ((SqliteStore)store).ArtifactDirectory(runId)),
    ];

    private string _dir = "";
    private ManualClock _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("store-contract").FullName;
        _clock = new ManualClock();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCaseSource(nameof(Kinds))]
    public async Task GetOrCreateExperiment_TwiceAndFromAnotherInstance_IsOneExperiment(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        Assert.That(await store.ListExperimentsAsync(), Is.Empty, "a store that does not exist yet");
        var first = await store.GetOrCreateExperimentAsync("vae sweep");
        await using var other = kind.Open(_dir, _clock);
        var second = await other.GetOrCreateExperimentAsync("vae sweep");

        Assert.That(second.ExperimentId, Is.EqualTo(first.ExperimentId));
        Assert.That(first.IsActive, Is.True);
        Assert.That(first.CreationTime, Is.EqualTo(_clock.NowMs));
        Assert.That((await store.GetExperimentByNameAsync("vae sweep"))!.ExperimentId, Is.EqualTo(first.ExperimentId));
        Assert.That(await store.GetExperimentByNameAsync("missing"), Is.Null);
        Assert.That((await store.ListExperimentsAsync()).Select(e => e.Name), Is.EqualTo(new[] { "Default", "vae sweep" }));
        var duplicate = Assert.ThrowsAsync<TrackingException>(() => store.CreateExperimentAsync("vae sweep"));
        Assert.That(duplicate!.ErrorCode, Is.EqualTo(MlflowErrorCodes.ResourceAlreadyExists));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task CreateExperiment_WithTags_ReadsThemBack(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        await store.CreateExperimentAsync("tagged", [new RunTag("team", "vae"), new RunTag(MlflowTags.Note, "beta sweep")]);
        var experiment = await store.GetExperimentByNameAsync("tagged");
        Assert.That(experiment!.Tags, Is.EquivalentTo(new Dictionary<string, string> { ["team"] = "vae", [MlflowTags.Note] = "beta sweep" }));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task CreateRun_ThenUpdate_ReadsBackInfoTagsAndStatus(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var parent = await store.CreateRunAsync(experiment.ExperimentId, "sweep", [new RunTag(MlflowTags.User, "researcher")], 1_000);
        var child = await store.CreateRunAsync(experiment.ExperimentId, "beta=1", [new RunTag(MlflowTags.ParentRunId, parent.RunId)], 2_000);

        Assert.That(parent.UserId, Is.EqualTo("researcher"));
        Assert.That(child.UserId, Is.EqualTo("unknown"));
        Assert.That(parent.RunId, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(parent.ArtifactUri, Does.StartWith("file:///").And.EndWith($"/{parent.RunId}/artifacts"));
        var finished = await store.UpdateRunAsync(child.RunId, RunStatus.Failed, 3_000);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(finished.EndTime, Is.EqualTo(3_000));

        var read = await store.GetRunAsync(child.RunId);
        Assert.That(read.Info, Is.EqualTo(finished));
        Assert.That(read.ParentRunId, Is.EqualTo(parent.RunId));
        Assert.That(read.Tags[MlflowTags.RunName], Is.EqualTo("beta=1"));
        var searched = await store.SearchRunsAsync(experiment.ExperimentId);
        Assert.That(searched.Select(r => r.Info.RunId), Is.EqualTo(new[] { child.RunId, parent.RunId }), "newest first");
        var missing = Assert.ThrowsAsync<TrackingException>(() => store.GetRunAsync("0123456789abcdef0123456789abcdef"));
        Assert.That(missing!.ErrorCode, Is.EqualTo(MlflowErrorCodes.ResourceDoesNotExist));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task LogBatch_ParamsAreWriteOnce_ARefusedBatchWritesNothing(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r");
        await store.LogBatchAsync(run.RunId, parameters: [new Param("objective.beta", "1"), new Param("long", new string('x', 7000))]);
        await store.LogBatchAsync(run.RunId, parameters: [new Param("objective.beta", "1")]);

        var refused = Assert.ThrowsAsync<TrackingException>(() => store.LogBatchAsync(run.RunId,
            metrics: [new Metric("loss", 1, 5, 0)], parameters: [new Param("other", "x"), new Param("objective.beta", "4")]));
        Assert.That(refused!.ErrorCode, Is.EqualTo(MlflowErrorCodes.InvalidParameterValue));
        Assert.That(refused.Message, Does.Contain("objective.beta"));

        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Params.Keys, Is.EquivalentTo(new[] { "objective.beta", "long" }));
        Assert.That(read.Params["long"], Has.Length.EqualTo(MlflowLimits.MaxParamValueLength));
        Assert.That(read.LatestMetrics, Is.Empty);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task LogBatch_Metrics_HistoryInLoggingOrder_LatestByStepThenTime(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r");
        Metric[] logged = [new("loss", 3, 100, 2), new("loss", 5, 50, 1), new("loss", double.NaN, 200, 0), new("loss", 2, 300, 2)];
        await store.LogBatchAsync(run.RunId, metrics: logged[..2]);
        await store.LogBatchAsync(run.RunId, metrics: logged[2..]);

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        Assert.That(history, Is.EqualTo(logged));
        Assert.That((await store.GetRunAsync(run.RunId)).LatestMetrics["loss"], Is.EqualTo(logged[3]));
        Assert.That(await store.GetMetricHistoryAsync(run.RunId, "never"), Is.Empty);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task SetTag_Overwrites_AndTheRunNameTagRenamesTheRun(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r");
        await store.SetTagAsync(run.RunId, "stage", "one");
        await store.LogBatchAsync(run.RunId, tags: [new RunTag("stage", "two")]);
        await store.SetTagAsync(run.RunId, MlflowTags.RunName, "renamed");

        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.Tags["stage"], Is.EqualTo("two"));
        Assert.That(read.Info.RunName, Is.EqualTo("renamed"));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task LogArtifact_WritesUnderTheRunsArtifactUri_AndRefusesEscapes(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r");
        await store.LogTextArtifactAsync(run.RunId, "figures/curve.svg", "<svg/>");
        var local = Path.Combine(_dir, "summary.json");
        await File.WriteAllTextAsync(local, "{}");
        await store.LogArtifactFileAsync(run.RunId, local, "summary.json");

        var folder = kind.ArtifactDirectory(store, run.RunId);
        Assert.That(folder, Is.EqualTo(new Uri(run.ArtifactUri).LocalPath));
        Assert.That(File.ReadAllText(Path.Combine(folder, "figures", "curve.svg")), Is.EqualTo("<svg/>"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "summary.json")), Is.EqualTo("{}"));
        Assert.ThrowsAsync<TrackingException>(() => store.LogTextArtifactAsync(run.RunId, "../outside.txt", "x"));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task TrackedRun_ResumeAfterFinish_IsRunningAgain(StoreKind kind)
    {
        await using var store = kind.Open(_dir, _clock);
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await TrackedRun.StartAsync(store, experiment.ExperimentId, "r", clock: _clock, secrets: SecretMask.UriCredentialsOnly);
        await run.FailAsync("loss is NaN at step 3");
        var failed = await store.GetRunAsync(run.RunId);
        Assert.That(failed.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(failed.Tags[MlflowTags.FailureReason], Is.EqualTo("loss is NaN at step 3"));

        var resumed = await TrackedRun.ResumeAsync(store, run.RunId, _clock);
        Assert.That(resumed.Info.Status, Is.EqualTo(RunStatus.Running));
    }
}
