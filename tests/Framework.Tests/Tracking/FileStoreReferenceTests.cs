using System.Text;
using System.Text.RegularExpressions;
using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

/// <summary>
/// The file store against the one MLflow 3.6 wrote (Fixtures/filestore-mlruns): the same content is
/// logged through our API into a temporary folder, then the trees and every file are compared,
/// with ids mapped to the reference's and times (the clock's, not the logged metric times) masked.
/// Not reproduced: dataset inputs (<c>datasets/</c>, <c>inputs/</c>), which this framework does not log.
/// </summary>
public partial class FileStoreReferenceTests
{
    private const string ReferenceRoot = "/home/user/project/mlruns";
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("filestore-ref").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] NotReproduced = ["datasets", "inputs"];

    private static bool Reproduced(string relativePath) =>
        !relativePath.Split('/').Any(NotReproduced.Contains);

    /// <summary>Logs what the reference store holds, with our API; returns our id -> reference id.</summary>
    private async Task<(FileStore Store, Dictionary<string, string> Ids)> ReproduceAsync()
    {
        var store = new FileStore(Path.Combine(_dir, "mlruns"));
        var ids = new Dictionary<string, string>();

        var experimentId = await store.CreateExperimentAsync("example-exp", [new RunTag("team", "research"), new RunTag(MlflowTags.Note, "notes")]);
        ids[experimentId] = "483657088245343218";

        var parent = await store.CreateRunAsync(experimentId, "sweep",
        [
            new RunTag(MlflowTags.User, "alice"),
            new RunTag(MlflowTags.SourceName, "Bench.exe"),
            new RunTag(MlflowTags.SourceType, "LOCAL"),
            new RunTag(MlflowTags.Note, "Run description (markdown)"),
        ]);
        ids[parent.RunId] = "90d09fcad98048279107ada0116e979c";
        await store.LogParamsAsync(parent.RunId, [new("lr", 0.001), new("optimizer/name", "adam")]);
        await store.LogBatchAsync(parent.RunId,
        [
            new Metric("train/loss", 1.0, 1700000000000, 0),
            new Metric("train/loss", 0.5, 1700000000001, 1),
            new Metric("train/loss", 0.25, 1700000000002, 2),
            new Metric("nan_metric", double.NaN, 1700000000100, 0),
            new Metric("inf_metric", double.PositiveInfinity, 1700000000100, 0),
            new Metric("neg_inf_metric", double.NegativeInfinity, 1700000000100, 0),
        ]);
        var runFolder = Path.Combine(TrackingFixtures.ReferenceStore, "483657088245343218", "90d09fcad98048279107ada0116e979c", "artifacts");
        await store.LogArtifactFileAsync(parent.RunId, Path.Combine(runFolder, "plots", "curve.svg"), "plots/curve.svg");
        await store.LogTextArtifactAsync(parent.RunId, "summary.json", "{\"best\": 0.25}");

        foreach (var (trial, lr, acc, status, referenceId) in new[]
        {
            (0, 0.1, 0.8, RunStatus.Finished, "9b9c372b4b06406cbac7c04f0122b592"),
            (1, 0.01, 0.9, RunStatus.Failed, "15147c4b903545c38ab1f32b9e9d8ec6"),
        })
        {
            var child = await store.CreateRunAsync(experimentId, $"trial-{trial}",
                [new RunTag(MlflowTags.ParentRunId, parent.RunId), new RunTag("trial", trial.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            ids[child.RunId] = referenceId;
            await store.LogBatchAsync(child.RunId,
                Enumerable.Range(0, 3).Select(step => new Metric("val/acc", acc, 1700000001000 + step, step)).ToList(),
                [Param.Of("batch_size", 32), Param.Of("lr", lr)]);
            await store.UpdateRunAsync(child.RunId, status);
        }
        await store.UpdateRunAsync(parent.RunId, RunStatus.Finished);

        var deletedRun = await store.CreateRunAsync(experimentId, "deleted-run");
        ids[deletedRun.RunId] = "011f4606d7f6479d81a235c0d7a59fae";
        store.DeleteRun(deletedRun.RunId);

        var deletedExperiment = await store.CreateExperimentAsync("deleted-exp");
        ids[deletedExperiment] = "146191966357464715";
        var inDeleted = await store.CreateRunAsync(deletedExperiment, "in-deleted-exp");
        ids[inDeleted.RunId] = "5a1914be3ee547f6bfa6321b01c325c0";
        store.DeleteExperiment(deletedExperiment);
        return (store, ids);
    }

    private static string MapIds(string text, Dictionary<string, string> ids) =>
        ids.Aggregate(text, (t, id) => t.Replace(id.Key, id.Value, StringComparison.Ordinal));

    [GeneratedRegex(@"^(creation_time|last_update_time|start_time|end_time|deleted_time): \d+$", RegexOptions.Multiline)]
    private static partial Regex ClockTime();

    private static string MaskTimes(string text) => ClockTime().Replace(text, "$1: <time>");

    [Test]
    public async Task Reproduced_Tree_MatchesTheReferenceTree()
    {
        var (store, ids) = await ReproduceAsync();
        var ours = Directory.EnumerateFileSystemEntries(store.RootDirectory, "*", SearchOption.AllDirectories)
            .Select(p => MapIds(Path.GetRelativePath(store.RootDirectory, p).Replace('\\', '/'), ids))
            .Where(p => p != FileStore.LockFileName)
            .Order(StringComparer.Ordinal).ToList();
        var expected = TrackingFixtures.ReferenceTree.Where(Reproduced).Order(StringComparer.Ordinal).ToList();

        Assert.That(ours, Is.EqualTo(expected));
    }

    [Test]
    public async Task Reproduced_EveryFile_MatchesTheReferenceContent()
    {
        var (store, ids) = await ReproduceAsync();
        var referenceFiles = Directory.EnumerateFiles(TrackingFixtures.ReferenceStore, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TrackingFixtures.ReferenceStore, p).Replace('\\', '/'))
            .Where(Reproduced).Order(StringComparer.Ordinal).ToList();
        var reverse = ids.ToDictionary(p => p.Value, p => p.Key);
        var ourRootUri = FileStore.FileUri(store.RootDirectory);
        Assert.That(referenceFiles, Has.Count.GreaterThan(30));

        foreach (var relative in referenceFiles)
        {
            var expected = File.ReadAllBytes(Path.Combine(TrackingFixtures.ReferenceStore, relative));
            var ourPath = Path.Combine(store.RootDirectory, MapIds(relative, reverse));
            Assert.That(File.Exists(ourPath), Is.True, relative);
            var actual = File.ReadAllBytes(ourPath);
            if (Path.GetFileName(relative) != "meta.yaml")
            {
                // metrics, params, tags, artifacts: byte for byte (ids inside tag values mapped).
                Assert.That(MapIds(Encoding.UTF8.GetString(actual), ids), Is.EqualTo(Encoding.UTF8.GetString(expected)), relative);
                continue;
            }
            var ourText = MapIds(Encoding.UTF8.GetString(actual), ids).Replace(ourRootUri, "file://" + ReferenceRoot, StringComparison.Ordinal);
            if (ourText.Contains("run_id: ", StringComparison.Ordinal))
            {
                // MLflow 3 no longer writes run_uuid; we write it too, for MLflow 2: equal to run_id.
                var runId = Regex.Match(ourText, "^run_id: (.*)$", RegexOptions.Multiline).Groups[1].Value;
                Assert.That(ourText, Does.Contain($"\nrun_uuid: {runId}\n"), relative);
                ourText = ourText.Replace($"run_uuid: {runId}\n", "", StringComparison.Ordinal);
            }
            Assert.That(MaskTimes(ourText), Is.EqualTo(MaskTimes(Encoding.UTF8.GetString(expected))), relative);
        }
    }

    [Test]
    public async Task Reproduced_DeletedRunAndExperiment_CarryTheirDeletionTime()
    {
        var (store, ids) = await ReproduceAsync();
        var reverse = ids.ToDictionary(p => p.Value, p => p.Key);
        var deletedRunMeta = File.ReadAllText(Path.Combine(store.RootDirectory, reverse["483657088245343218"], reverse["011f4606d7f6479d81a235c0d7a59fae"], "meta.yaml"));
        Assert.That(deletedRunMeta, Does.Match("(?m)^deleted_time: \\d+$"));
        Assert.That(deletedRunMeta, Does.Contain("lifecycle_stage: deleted"));
        Assert.That(store.ListExperiments().Select(e => e.Name), Is.EquivalentTo(new[] { "Default", "example-exp" }));
        Assert.That((await store.GetExperimentByNameAsync("deleted-exp"))!.LifecycleStage, Is.EqualTo(LifecycleStages.Deleted));
    }

    [Test]
    public async Task ReferenceStore_ReadsBackAsMlflowReadsIt()
    {
        // The reference store as MLflow wrote it, read by our reader; expected values from filestore-dump.json.
        var copy = Path.Combine(_dir, "copy");
        CopyDirectory(TrackingFixtures.ReferenceStore, copy);
        var store = new FileStore(copy);
        var experiment = (await store.GetExperimentByNameAsync("example-exp"))!;
        Assert.That(experiment.ExperimentId, Is.EqualTo("483657088245343218"));
        Assert.That(experiment.Tags, Is.EqualTo(new Dictionary<string, string> { ["mlflow.note.content"] = "notes", ["team"] = "research" }));

        var runs = await store.SearchRunsAsync(experiment.ExperimentId);
        Assert.That(runs.Select(r => r.Info.RunName), Is.EquivalentTo(new[] { "sweep", "trial-0", "trial-1" }), "the deleted run is left out");
        var parent = runs.Single(r => r.Info.RunName == "sweep");
        Assert.That(parent.Info.UserId, Is.EqualTo("alice"));
        Assert.That(parent.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(parent.Info.StartTime, Is.EqualTo(1795273300809));
        Assert.That(parent.Info.EndTime, Is.EqualTo(1795273300825));
        Assert.That(parent.Params, Is.EqualTo(new Dictionary<string, string> { ["lr"] = "0.001", ["optimizer/name"] = "adam" }));
        Assert.That(parent.LatestMetrics["train/loss"], Is.EqualTo(new Metric("train/loss", 0.25, 1700000000002, 2)));
        Assert.That(double.IsNaN(parent.LatestMetrics["nan_metric"].Value), Is.True);
        Assert.That(parent.LatestMetrics["neg_inf_metric"].Value, Is.EqualTo(double.NegativeInfinity));
        var failed = runs.Single(r => r.Info.RunName == "trial-1");
        Assert.That(failed.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(failed.ParentRunId, Is.EqualTo(parent.Info.RunId));
        Assert.That(failed.Info.RunId, Is.EqualTo("15147c4b903545c38ab1f32b9e9d8ec6"), "read from run_id: MLflow 3 writes no run_uuid");
        Assert.That(await store.GetMetricHistoryAsync(parent.Info.RunId, "train/loss"), Has.Count.EqualTo(3));
        var deleted = await store.GetRunAsync("5a1914be3ee547f6bfa6321b01c325c0");
        Assert.That(deleted.Info.LifecycleStage, Is.EqualTo(LifecycleStages.Deleted));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
