using System.Text.Json.Nodes;
using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class SqliteStoreTests
{
    private string _dir = "";
    private ManualClock _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("sqlitestore").FullName;
        _clock = new ManualClock();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string DbPath => Path.Combine(_dir, "mlflow.db");

    private SqliteStore Store(string? path = null) => new(path ?? DbPath, new SqliteStoreOptions { Clock = _clock });

    /// <summary>A tiny sweep as the runner logs it: a tagged experiment, a parent with two child points, params, metrics, a failure, an artifact.</summary>
    private async Task<(string Parent, string[] Children)> TinySweepAsync(SqliteStore store)
    {
        var experimentId = await store.CreateExperimentAsync("vae-sweep", [new RunTag("team", "vae")]);
        var parent = await TrackedRun.StartAsync(store, experimentId, "sweep beta", [new RunTag(MlflowTags.User, "researcher")], _clock, secrets: SecretMask.UriCredentialsOnly);
        var children = new List<string>();
        foreach (var beta in new[] { 1, 4 })
        {
            var child = await parent.StartChildAsync($"beta={beta}", [new RunTag(MlflowTags.User, "researcher")]);
            await child.LogParamsAsync([KeyValuePair.Create<string, object?>("objective.beta", beta), KeyValuePair.Create<string, object?>("train.epochs", 4)]);
            for (var step = 0; step < 3; step++)
            {
                _clock.Advance(100);
                await child.LogMetricAsync("train_loss", 200 - 10 * step, step);
            }
            if (beta == 4) await child.FailAsync("non-finite loss at step 3");
            else await child.FinishAsync();
            children.Add(child.RunId);
        }
        await parent.LogTextArtifactAsync("figures/curve.svg", "<svg/>");
        await parent.FinishAsync();
        return (parent.RunId, children.ToArray());
    }

    [Test]
    public async Task TinySweep_WritesMlflowsSchema_EqualToTheReference()
    {
        await using (var store = Store()) await TinySweepAsync(store);
        var expectedPath = Path.Combine(_dir, "reference.db");
        SqliteFixtures.CreateReference(expectedPath, withRows: false);

        using var written = SqliteFixtures.Open(DbPath);
        using var expected = SqliteFixtures.Open(expectedPath);
        var schema = SqliteFixtures.DescribeSchema(written);
        Assert.That(schema, Is.EqualTo(SqliteFixtures.DescribeSchema(expected)));
        Assert.That(schema.Select(line => line.Split(" | ")[0]).Distinct(),
            Is.EquivalentTo(new[] { "column", "foreign key", "index", "constraint", "check", "generated", "trigger" }), "every kind of fact is compared");
        Assert.That(SqliteFixtures.Lines(written, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), Is.EqualTo(new[] { "48" }));
        Assert.That(SqliteFixtures.Lines(written, "SELECT version_num FROM alembic_version"), Is.EqualTo(new[] { "7d34483879f0" }));
        Assert.That(SqliteFixtures.Lines(written, "PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
    }

    [Test]
    public async Task TinySweep_WritesRowsShapedLikeTheReference()
    {
        string parent;
        string[] children;
        await using (var store = Store()) (parent, children) = await TinySweepAsync(store);
        using var db = SqliteFixtures.Open(DbPath);
        var reference = SqliteFixtures.ReferenceRows;

        var tablesWithRows = SqliteFixtures.Lines(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .Where(t => SqliteFixtures.Lines(db, $"SELECT count(*) FROM \"{t}\"")[0] != "0");
        Assert.That(tablesWithRows, Is.EquivalentTo(reference["tables_with_rows"]!.AsObject().Select(p => p.Key)));
        Assert.That(SqliteFixtures.Lines(db, "SELECT name, description, default_artifact_root FROM workspaces"),
            Is.EqualTo(new[] { "default | Default workspace for legacy resources | NULL" }));

        var artifacts = FileStore.FileUri(Path.Combine(_dir, "mlartifacts"));
        Assert.That(SqliteFixtures.Lines(db, "SELECT experiment_id, name, artifact_location, lifecycle_stage, workspace FROM experiments ORDER BY experiment_id"),
            Is.EqualTo(new[] { $"0 | Default | {artifacts}/0 | active | default", $"1 | vae-sweep | {artifacts}/1 | active | default" }));
        // The columns MLflow fills the same way for every run (compare the reference's runs).
        Assert.That(SqliteFixtures.Lines(db, "SELECT DISTINCT source_type, source_name, entry_point_name, source_version, lifecycle_stage, deleted_time FROM runs"),
            Is.EqualTo(new[] { "UNKNOWN |  |  |  | active | NULL" }));
        Assert.That(reference["tables_with_rows"]!["runs"]!.AsArray().Select(r => r!["source_type"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "UNKNOWN" }));
        Assert.That(SqliteFixtures.Lines(db, $"SELECT name, user_id, status, artifact_uri FROM runs ORDER BY rowid"), Is.EqualTo(new[]
        {
            $"sweep beta | researcher | FINISHED | {artifacts}/1/{parent}/artifacts",
            $"beta=1 | researcher | FINISHED | {artifacts}/1/{children[0]}/artifacts",
            $"beta=4 | researcher | FAILED | {artifacts}/1/{children[1]}/artifacts",
        }));
        Assert.That(SqliteFixtures.Lines(db, $"SELECT key, value FROM tags WHERE run_uuid = '{children[1]}' ORDER BY key"), Is.EqualTo(new[]
        {
            "failure.reason | non-finite loss at step 3", $"mlflow.parentRunId | {parent}", "mlflow.runName | beta=4", "mlflow.user | researcher",
        }));
        Assert.That(SqliteFixtures.Lines(db, $"SELECT key, value, step, is_nan FROM latest_metrics WHERE run_uuid = '{children[0]}'"),
            Is.EqualTo(new[] { "train_loss | 180 | 2 | 0" }));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "mlartifacts", "1", parent, "artifacts", "figures", "curve.svg")), Is.EqualTo("<svg/>"));
    }

    [Test]
    public async Task ReferenceStore_ReadsBackAsMlflowClientDid()
    {
        SqliteFixtures.CreateReference(DbPath, withRows: true);
        await using var store = Store();
        var dump = SqliteFixtures.ClientDump;

        foreach (var expected in dump["experiments"]!.AsArray().Select(e => e!.AsObject()))
        {
            var id = expected["experiment_id"]!.GetValue<string>();
            var experiment = store.GetExperiment(id);
            Assert.That(experiment.Name, Is.EqualTo(expected["name"]!.GetValue<string>()));
            Assert.That(experiment.ArtifactLocation, Is.EqualTo(expected["artifact_location"]!.GetValue<string>()));
            Assert.That(experiment.LifecycleStage, Is.EqualTo(expected["lifecycle_stage"]!.GetValue<string>()));
            Assert.That(experiment.CreationTime, Is.EqualTo(expected["creation_time"]!.GetValue<long>()));
            Assert.That(experiment.LastUpdateTime, Is.EqualTo(expected["last_update_time"]!.GetValue<long>()));
            Assert.That(experiment.Tags, Is.EquivalentTo(Strings(expected["tags"]!)));

            foreach (var run in expected["runs"]!.AsArray().Select(r => r!.AsObject()))
            {
                var read = await store.GetRunAsync(run["run_id"]!.GetValue<string>());
                Assert.That(read.Info, Is.EqualTo(new RunInfo(run["run_id"]!.GetValue<string>(), id, run["run_name"]!.GetValue<string>(),
                    run["user_id"]!.GetValue<string>(), RunStatusNames.Parse(run["status"]!.GetValue<string>()), run["start_time"]!.GetValue<long>(),
                    run["end_time"]?.GetValue<long>(), run["artifact_uri"]!.GetValue<string>(), run["lifecycle_stage"]!.GetValue<string>())));
                Assert.That(read.Params, Is.EquivalentTo(Strings(run["params"]!)));
                Assert.That(read.Tags, Is.EquivalentTo(Strings(run["tags"]!)));
                Assert.That(read.LatestMetrics.ToDictionary(m => m.Key, m => m.Value.Value),
                    Is.EquivalentTo(run["latest_metrics"]!.AsObject().ToDictionary(p => p.Key, p => Number(p.Value!))));
                foreach (var (key, history) in run["metric_history"]!.AsObject())
                    Assert.That((await store.GetMetricHistoryAsync(read.Info.RunId, key)).Select(m => (m.Step, m.TimestampMs, m.Value)),
                        Is.EqualTo(history!.AsArray().Select(h => (h!["step"]!.GetValue<long>(), h["timestamp"]!.GetValue<long>(), Number(h["value"]!)))));
            }
        }
        var active = await store.SearchRunsAsync("1");
        Assert.That(active.Select(r => r.Info.RunName), Is.EqualTo(new[] { "beta=4", "beta=1", "sweep beta" }), "the deleted run is left out, newest first");
        Assert.That((await store.ListExperimentsAsync()).Select(e => e.Name), Is.EqualTo(new[] { "Default", "vae-sweep" }));
    }

    private static Dictionary<string, string> Strings(JsonNode node) => node.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private static double Number(JsonNode node) => node.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? double.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
        : node.GetValue<double>();

    [Test]
    public async Task ReferenceStore_TakesNewRunsAlongsideMlflows()
    {
        SqliteFixtures.CreateReference(DbPath, withRows: true);
        await using var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("vae-sweep");
        Assert.That(experiment.ExperimentId, Is.EqualTo("1"));
        var run = await store.CreateRunAsync("1", "from-csharp");
        Assert.That(run.ArtifactUri, Is.EqualTo($"file:///home/researcher/vae-project/store/mlartifacts/vae-sweep/{run.RunId}/artifacts"),
            "a run keeps its experiment's artifact location, as in MLflow");
        Assert.That((await store.GetOrCreateExperimentAsync("new one")).ExperimentId, Is.EqualTo("3"), "ids continue after MLflow's");
    }

    [Test]
    public async Task Metrics_NaNAndInfinities_AreStoredAsMlflowStoresThem()
    {
        await using var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("e");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r");
        await store.LogBatchAsync(run.RunId, metrics:
            [new Metric("weird", double.NaN, 1, 0), new Metric("weird", double.PositiveInfinity, 2, 1), new Metric("weird", double.NegativeInfinity, 3, 2)]);

        using var db = SqliteFixtures.Open(DbPath);
        var reference = SqliteFixtures.ReferenceRows["tables_with_rows"]!["metrics"]!.AsArray()
            .Where(m => m!["key"]!.GetValue<string>() == "weird")
            .Select(m => (m!["value"]!.GetValue<double>(), m["is_nan"]!.GetValue<long>()));
        Assert.That(SqliteFixtures.Rows(db, "SELECT value, is_nan FROM metrics ORDER BY step", r => (r.GetDouble(0), r.GetInt64(1))), Is.EqualTo(reference));
        var history = await store.GetMetricHistoryAsync(run.RunId, "weird");
        Assert.That(history.Select(m => m.Value), Is.EqualTo(new[] { double.NaN, double.MaxValue, -double.MaxValue }));
    }

    [Test]
    public void OlderRevision_WithoutAColumnThisStoreWrites_IsRefusedNamingTheRevision()
    {
        SqliteFixtures.CreateReference(DbPath, withRows: true);
        using (var db = SqliteFixtures.Open(DbPath))
        {
            SqliteFixtures.Execute(db, "UPDATE alembic_version SET version_num = '0584bdc529eb'");
            SqliteFixtures.Execute(db, "ALTER TABLE runs DROP COLUMN deleted_time");
        }
        var store = Store();
        var error = Assert.ThrowsAsync<TrackingException>(() => store.GetOrCreateExperimentAsync("e"));
        Assert.That(error!.Message, Does.Contain("revision 0584bdc529eb").And.Contain("runs lacks deleted_time")
            .And.Contain(SqliteSchema.Revision).And.Contain($"mlflow db upgrade {store.TrackingUri}"));
    }

    [Test]
    public async Task LaterRevision_ThatKeepsTheColumns_IsWrittenInto()
    {
        SqliteFixtures.CreateReference(DbPath, withRows: true);
        using (var db = SqliteFixtures.Open(DbPath))
        {
            SqliteFixtures.Execute(db, "UPDATE alembic_version SET version_num = 'ffffffffffff'");
            SqliteFixtures.Execute(db, "ALTER TABLE runs ADD COLUMN added_later TEXT");
        }
        await using var store = Store();
        var run = await store.CreateRunAsync("1", "r");
        Assert.That((await store.GetRunAsync(run.RunId)).Info.RunName, Is.EqualTo("r"));
        using var check = SqliteFixtures.Open(DbPath);
        Assert.That(SqliteFixtures.Lines(check, "SELECT version_num FROM alembic_version"), Is.EqualTo(new[] { "ffffffffffff" }), "the revision is left alone");
    }

    [Test]
    public void ADatabaseThatIsNotMlflows_IsRefused()
    {
        using (var db = SqliteFixtures.Open(DbPath)) SqliteFixtures.Execute(db, "CREATE TABLE notes (text TEXT)");
        var error = Assert.ThrowsAsync<TrackingException>(() => Store().GetOrCreateExperimentAsync("e"));
        Assert.That(error!.Message, Does.Contain("not an MLflow store"));
    }

    [Test]
    public async Task Reading_AStoreThatDoesNotExist_CreatesNothing()
    {
        await using var store = Store();
        Assert.That(await store.ListExperimentsAsync(), Is.Empty);
        Assert.That(await store.GetExperimentByNameAsync("e"), Is.Null);
        var missing = Assert.ThrowsAsync<TrackingException>(() => store.GetRunAsync("0123456789abcdef0123456789abcdef"));
        Assert.That(missing!.ErrorCode, Is.EqualTo(MlflowErrorCodes.ResourceDoesNotExist));
        Assert.That(File.Exists(DbPath), Is.False);
    }

    [Test]
    public async Task ConcurrentWriters_SeparateStoresOnOneFile_LoseNoRows()
    {
        const int writers = 6, batches = 30, metricsPerBatch = 5;
        using var start = new Barrier(writers);
        var runIds = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            // Each writer has its own store (its own connections), as separate processes would.
            await using var store = new SqliteStore(DbPath);
            start.SignalAndWait();
            var experiment = await store.GetOrCreateExperimentAsync("shared");
            var run = await store.CreateRunAsync(experiment.ExperimentId, $"writer-{w}");
            for (var b = 0; b < batches; b++)
                await store.LogBatchAsync(run.RunId,
                    metrics: Enumerable.Range(0, metricsPerBatch).Select(m => new Metric($"m{m}", b, 1_000 + b, b)).ToList(),
                    parameters: [new Param($"p{b}", $"{w}")], tags: [new RunTag("progress", $"{b}")]);
            await store.UpdateRunAsync(run.RunId, RunStatus.Finished);
            return run.RunId;
        })));

        using var db = SqliteFixtures.Open(DbPath);
        Assert.That(SqliteFixtures.Lines(db, "SELECT count(*) FROM experiments WHERE name = 'shared'"), Is.EqualTo(new[] { "1" }));
        Assert.That(SqliteFixtures.Lines(db, "SELECT count(*) FROM runs WHERE status = 'FINISHED'"), Is.EqualTo(new[] { $"{writers}" }));
        Assert.That(SqliteFixtures.Lines(db, "SELECT count(*) FROM metrics"), Is.EqualTo(new[] { $"{writers * batches * metricsPerBatch}" }));
        Assert.That(SqliteFixtures.Lines(db, "SELECT count(*) FROM params"), Is.EqualTo(new[] { $"{writers * batches}" }));
        Assert.That(SqliteFixtures.Lines(db, "SELECT count(*), min(step), max(step) FROM latest_metrics"), Is.EqualTo(new[] { $"{writers * metricsPerBatch} | {batches - 1} | {batches - 1}" }));
        Assert.That(SqliteFixtures.Lines(db, "SELECT DISTINCT value FROM tags WHERE key = 'progress'"), Is.EqualTo(new[] { $"{batches - 1}" }));
        Assert.That(runIds.Distinct().Count(), Is.EqualTo(writers));
    }
}
