using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Research.Framework.Tracking;

/// <summary>
/// The embedded default store: one SQLite file in MLflow's own schema (<c>sqlite:///mlflow.db</c>,
/// MLflow's default since 3.7), so <c>mlflow ui</c> started in the same folder with no flags shows
/// every run. Artifacts are plain files under <c>mlartifacts/&lt;experiment id&gt;/&lt;run id&gt;/artifacts</c>
/// next to the database, each run recording its folder as a <c>file://</c> artifact_uri.
/// <list type="bullet">
/// <item>A new file gets MLflow's schema at <see cref="SqliteSchema.Revision"/> (every table, the
/// alembic_version row, the default workspace and the Default experiment 0); an existing one is
/// written into when it has the columns this store needs, else refused naming its revision.</item>
/// <item>Several writers (threads, <c>--parallel</c> points, processes) share one file: the journal
/// is WAL, every call is one <c>BEGIN IMMEDIATE</c> transaction, and a writer waits up to
/// <see cref="SqliteStoreOptions.BusyTimeout"/> for another instead of failing.</item>
/// <item>Values as MLflow stores them: NaN as 0 with <c>is_nan</c> set, infinities as the largest
/// finite doubles, run status by name, <c>latest_metrics</c> kept per key (largest step, then
/// timestamp, then value).</item>
/// </list>
/// </summary>
public sealed class SqliteStore : ITrackingStore
{
    public const string DefaultExperimentId = "0";
    public const string DefaultExperimentName = "Default";
    public const string DefaultWorkspace = "default";
    public const string ArtifactFolder = "mlartifacts";
    private const string UnknownSourceType = "UNKNOWN"; // what MLflow itself writes in runs.source_type

    private readonly SqliteStoreOptions _options;
    private readonly string _connectionString;
    private readonly object _initGate = new();
    private volatile bool _ready;

    public SqliteStore(string databasePath, SqliteStoreOptions? options = null)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _options = options ?? new SqliteStoreOptions();
        ArtifactRoot = Path.GetFullPath(_options.ArtifactRoot ?? Path.Combine(Path.GetDirectoryName(DatabasePath)!, ArtifactFolder));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds),
            Pooling = true,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The folder under which new experiments keep their artifacts.</summary>
    public string ArtifactRoot { get; }

    /// <summary><c>sqlite:///</c> followed by the absolute path (four slashes on Unix), as MLflow writes it.</summary>
    public string TrackingUri => "sqlite:///" + DatabasePath.Replace('\\', '/');

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- experiments -------------------------------------------------------------------------

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Exists ? Read(c => FindExperiment(c, null, "name = $v", name)) : null);

    /// <summary>The experiment with this id, active or deleted; RESOURCE_DOES_NOT_EXIST if there is none.</summary>
    public Experiment GetExperiment(string experimentId) =>
        (Exists ? Read(c => FindExperimentById(c, null, experimentId)) : null)
        ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"No Experiment with id={experimentId} exists in {TrackingUri}.");

    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Experiment> experiments = !Exists ? [] : Read(c =>
            Query(c, null, "SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' AND workspace = $w", r => r.GetInt64(0), ("$w", DefaultWorkspace))
                .Select(id => FindExperimentById(c, null, Id(id))!)
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList());
        return Task.FromResult(experiments);
    }

    public Task<string> CreateExperimentAsync(string name, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        ValidateExperimentName(name);
        foreach (var tag in tags ?? []) KeyValidator.Validate(tag.Key, "tag");
        return Task.FromResult(Write((c, t) =>
        {
            if (FindExperiment(c, t, "name = $v", name) is { } existing)
                throw new TrackingException(MlflowErrorCodes.ResourceAlreadyExists,
                    $"Experiment '{name}' already exists{(existing.IsActive ? "" : " in deleted state")} (id {existing.ExperimentId}).");
            return InsertExperiment(c, t, name, tags ?? []);
        }));
    }

    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateExperimentName(name);
        // One transaction holds the write lock from lookup to insert: racing processes end with one experiment.
        var found = Write((c, t) => FindExperiment(c, t, "name = $v", name) ?? FindExperimentById(c, t, InsertExperiment(c, t, name, []))!);
        if (!found.IsActive)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Experiment '{name}' (id {found.ExperimentId}) is deleted: restore it (mlflow experiments restore) or use another name.");
        return Task.FromResult(found);
    }

    /// <summary>Marks an experiment and its runs deleted, as MLflow does (the rows stay).</summary>
    public void DeleteExperiment(string experimentId)
    {
        if (experimentId == DefaultExperimentId)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, "The Default experiment cannot be deleted.");
        Write((c, t) =>
        {
            var experiment = FindExperimentById(c, t, experimentId)
                ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"No Experiment with id={experimentId} exists in {TrackingUri}.");
            var now = Now;
            Execute(c, t, "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $now WHERE experiment_id = $id AND lifecycle_stage = 'active'",
                ("$now", now), ("$id", long.Parse(experiment.ExperimentId, CultureInfo.InvariantCulture)));
            Execute(c, t, "UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = $now WHERE experiment_id = $id",
                ("$now", now), ("$id", long.Parse(experiment.ExperimentId, CultureInfo.InvariantCulture)));
            return 0;
        });
    }

    private string InsertExperiment(SqliteConnection c, SqliteTransaction t, string name, IReadOnlyList<RunTag> tags)
    {
        var now = Now;
        // The id is SQLite's next rowid, known only after the insert; the artifact folder is named after it, as in MLflow.
        Execute(c, t, "INSERT INTO experiments (name, lifecycle_stage, creation_time, last_update_time, workspace) VALUES ($name, 'active', $now, $now, $w)",
            ("$name", name), ("$now", now), ("$w", DefaultWorkspace));
        var id = Scalar<long>(c, t, "SELECT last_insert_rowid()");
        Execute(c, t, "UPDATE experiments SET artifact_location = $a WHERE experiment_id = $id",
            ("$a", FileStore.FileUri(Path.Combine(ArtifactRoot, Id(id)))), ("$id", id));
        foreach (var tag in tags)
            Execute(c, t, "INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES ($k, $v, $id)",
                ("$k", tag.Key), ("$v", ParamValues.Truncate(tag.Value, MlflowLimits.MaxTagValueLength)), ("$id", id));
        return Id(id);
    }

    private static Experiment? FindExperimentById(SqliteConnection c, SqliteTransaction? t, string experimentId) =>
        long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? FindExperiment(c, t, "experiment_id = $v", id) : null;

    private static Experiment? FindExperiment(SqliteConnection c, SqliteTransaction? t, string where, object value)
    {
        var found = Query(c, t,
            $"SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time FROM experiments WHERE {where} AND workspace = $w",
            r => new Experiment(Id(r.GetInt64(0)), r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? LifecycleStages.Active : r.GetString(3),
                r.IsDBNull(4) ? 0 : r.GetInt64(4), r.IsDBNull(5) ? 0 : r.GetInt64(5), new Dictionary<string, string>()),
            ("$v", value), ("$w", DefaultWorkspace)).FirstOrDefault();
        if (found is null) return null;
        var tags = Query(c, t, "SELECT key, value FROM experiment_tags WHERE experiment_id = $id", r => (r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1)),
            ("$id", long.Parse(found.ExperimentId, CultureInfo.InvariantCulture)));
        return found with { Tags = new SortedDictionary<string, string>(tags.ToDictionary(p => p.Item1, p => p.Item2), StringComparer.Ordinal) };
    }

    private static void ValidateExperimentName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, "An experiment name must be a non-empty string.");
    }

    // ---- runs ----------------------------------------------------------------------------------

    public Task<RunInfo> CreateRunAsync(string experimentId, string? runName, IReadOnlyList<RunTag>? tags = null,
        long? startTime = null, CancellationToken cancellationToken = default)
    {
        tags ??= [];
        foreach (var tag in tags) KeyValidator.Validate(tag.Key, "tag");
        var tagName = tags.LastOrDefault(t => t.Key == MlflowTags.RunName)?.Value;
        if (runName is not null && tagName is not null && runName != tagName)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Both a run name ('{runName}') and a different {MlflowTags.RunName} tag ('{tagName}') were given.");
        var name = runName ?? tagName ?? _options.NewRunName();
        var runId = _options.NewRunId();
        KeyValidator.ValidateRunId(runId);

        return Task.FromResult(Write((c, t) =>
        {
            var experiment = FindExperimentById(c, t, experimentId)
                ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"No Experiment with id={experimentId} exists in {TrackingUri}.");
            if (!experiment.IsActive)
                throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Experiment '{experiment.Name}' (id {experimentId}) is deleted: no run can be created in it.");
            if (Scalar<long>(c, t, "SELECT count(*) FROM runs WHERE run_uuid = $r", ("$r", runId)) > 0)
                throw new TrackingException(MlflowErrorCodes.ResourceAlreadyExists, $"Run '{runId}' already exists.");
            var info = new RunInfo(runId, experiment.ExperimentId, name, tags.LastOrDefault(x => x.Key == MlflowTags.User)?.Value ?? "unknown",
                RunStatus.Running, startTime ?? Now, null, experiment.ArtifactLocation.TrimEnd('/') + $"/{runId}/artifacts", LifecycleStages.Active);
            Execute(c, t,
                "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, "
                + "lifecycle_stage, artifact_uri, experiment_id, deleted_time) "
                + "VALUES ($r, $name, $st, '', '', $user, $status, $start, NULL, '', 'active', $uri, $e, NULL)",
                ("$r", runId), ("$name", name), ("$st", UnknownSourceType), ("$user", info.UserId), ("$status", info.Status.ToMlflowName()),
                ("$start", info.StartTime), ("$uri", info.ArtifactUri), ("$e", long.Parse(experiment.ExperimentId, CultureInfo.InvariantCulture)));
            foreach (var tag in tags.Where(x => x.Key != MlflowTags.RunName)) UpsertTag(c, t, runId, tag.Key, tag.Value);
            UpsertTag(c, t, runId, MlflowTags.RunName, name);
            return info;
        }));
    }

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Write((c, t) =>
        {
            var info = ActiveRun(c, t, runId);
            var updated = info with { Status = status, EndTime = status.IsTerminal() ? endTime ?? Now : endTime ?? info.EndTime };
            Execute(c, t, "UPDATE runs SET status = $s, end_time = $end WHERE run_uuid = $r",
                ("$s", status.ToMlflowName()), ("$end", updated.EndTime), ("$r", runId));
            return updated;
        }));

    /// <summary>Marks a run deleted (the rows stay, with <c>deleted_time</c>), as MLflow does.</summary>
    public void DeleteRun(string runId) =>
        Write((c, t) =>
        {
            FindRunInfo(c, t, runId);
            return Execute(c, t, "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $now WHERE run_uuid = $r AND lifecycle_stage = 'active'",
                ("$now", Now), ("$r", runId));
        });

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        metrics ??= [];
        tags ??= [];
        var paramList = (parameters ?? []).Select(p => p with { Value = ParamValues.Truncate(p.Value) }).ToList();
        foreach (var m in metrics) KeyValidator.Validate(m.Key, "metric");
        foreach (var p in paramList) KeyValidator.Validate(p.Key, "param");
        foreach (var t in tags) KeyValidator.Validate(t.Key, "tag");

        // One transaction per batch: a refused param rolls back the whole batch, and a concurrent writer sees all of it or none.
        Write((c, t) =>
        {
            ActiveRun(c, t, runId);
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in paramList)
            {
                var existing = seen.TryGetValue(p.Key, out var inBatch) ? inBatch
                    : Query(c, t, "SELECT value FROM params WHERE run_uuid = $r AND key = $k", r => r.GetString(0), ("$r", runId), ("$k", p.Key)).FirstOrDefault();
                if (existing is not null && existing != p.Value)
                    throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                        $"Changing param values is not allowed. Param with key='{p.Key}' was already logged with value='{existing}' "
                        + $"for run ID='{runId}'. Attempted logging new value '{p.Value}'.");
                if (existing is null)
                    Execute(c, t, "INSERT INTO params (key, value, run_uuid) VALUES ($k, $v, $r)", ("$k", p.Key), ("$v", p.Value), ("$r", runId));
                seen[p.Key] = p.Value;
            }
            foreach (var tag in tags) UpsertTag(c, t, runId, tag.Key, tag.Value);
            foreach (var m in metrics) InsertMetric(c, t, runId, m);
            return 0;
        });
        return Task.CompletedTask;
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        KeyValidator.Validate(key, "tag");
        Write((c, t) =>
        {
            ActiveRun(c, t, runId);
            UpsertTag(c, t, runId, key, value);
            return 0;
        });
        return Task.CompletedTask;
    }

    private static void UpsertTag(SqliteConnection c, SqliteTransaction t, string runId, string key, string value)
    {
        value = ParamValues.Truncate(value, MlflowLimits.MaxTagValueLength);
        Execute(c, t, "INSERT INTO tags (key, value, run_uuid) VALUES ($k, $v, $r) ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value",
            ("$k", key), ("$v", value), ("$r", runId));
        // Renaming through the tag renames the run, as in MLflow.
        if (key == MlflowTags.RunName) Execute(c, t, "UPDATE runs SET name = $v WHERE run_uuid = $r", ("$v", value), ("$r", runId));
    }

    private static void InsertMetric(SqliteConnection c, SqliteTransaction t, string runId, Metric m)
    {
        var isNan = double.IsNaN(m.Value);
        // MLflow's own conversion: NaN is 0 flagged is_nan; infinities become the largest finite doubles.
        var stored = isNan ? 0.0 : double.IsPositiveInfinity(m.Value) ? double.MaxValue : double.IsNegativeInfinity(m.Value) ? -double.MaxValue : m.Value;
        (string, object?)[] values = [("$k", m.Key), ("$v", stored), ("$ts", m.TimestampMs), ("$r", runId), ("$s", m.Step), ("$n", isNan ? 1 : 0)];
        // The same value logged twice is one row (the primary key holds every column), as in MLflow.
        Execute(c, t, "INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ($k, $v, $ts, $r, $s, $n)", values);
        Execute(c, t,
            "INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ($k, $v, $ts, $s, $n, $r) "
            + "ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan "
            + "WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)",
            values);
    }

    // ---- artifacts -----------------------------------------------------------------------------

    public async Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var target = ArtifactTarget(runId, artifactPath);
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None);
        await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogArtifactFileAsync(string runId, string localPath, string artifactPath, CancellationToken cancellationToken = default)
    {
        var target = ArtifactTarget(runId, artifactPath);
        await using var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None);
        await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The local folder holding a run's artifacts (its artifact_uri as a path).</summary>
    public string ArtifactDirectory(string runId) => LocalArtifactFolder(Read(c => FindRunInfo(c, null, runId)));

    private string ArtifactTarget(string runId, string artifactPath)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        var root = LocalArtifactFolder(Read(c => ActiveRun(c, null, runId)));
        var target = Path.GetFullPath(Path.Combine(root, artifactPath));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Artifact path '{artifactPath}' leaves the run's artifact folder.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }

    private static string LocalArtifactFolder(RunInfo info)
    {
        try
        {
            return Path.GetFullPath(TrackingStores.LocalPath(info.ArtifactUri));
        }
        catch (NotSupportedException)
        {
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Run {info.RunId} keeps its artifacts at {info.ArtifactUri}, not in a local folder: log to it through its MLflow server instead.");
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(c => ReadRun(c, FindRunInfo(c, null, runId))));

    public Task<IReadOnlyList<Run>> SearchRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var experiment = GetExperiment(experimentId);
        IReadOnlyList<Run> runs = Read(c =>
            RunInfos(c, null, "experiment_id = $v AND lifecycle_stage = 'active'", long.Parse(experiment.ExperimentId, CultureInfo.InvariantCulture))
                .OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal)
                .Select(info => ReadRun(c, info))
                .ToList());
        return Task.FromResult(runs);
    }

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        KeyValidator.Validate(key, "metric");
        IReadOnlyList<Metric> history = Read(c =>
        {
            FindRunInfo(c, null, runId);
            // rowid is insertion order: the order the values were logged in.
            return Query(c, null, "SELECT value, timestamp, step, is_nan FROM metrics WHERE run_uuid = $r AND key = $k ORDER BY rowid",
                r => new Metric(key, r.GetInt64(3) != 0 ? double.NaN : r.GetDouble(0), r.GetInt64(1), r.GetInt64(2)), ("$r", runId), ("$k", key));
        });
        return Task.FromResult(history);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the folder can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static Run ReadRun(SqliteConnection c, RunInfo info)
    {
        var parameters = Query(c, null, "SELECT key, value FROM params WHERE run_uuid = $r", r => (r.GetString(0), r.GetString(1)), ("$r", info.RunId));
        var tags = Query(c, null, "SELECT key, value FROM tags WHERE run_uuid = $r", r => (r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1)), ("$r", info.RunId));
        var latest = Query(c, null, "SELECT key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = $r",
            r => new Metric(r.GetString(0), r.GetInt64(4) != 0 ? double.NaN : r.GetDouble(1), r.IsDBNull(2) ? 0 : r.GetInt64(2), r.GetInt64(3)), ("$r", info.RunId));
        return new Run(info, Sorted(parameters), Sorted(tags),
            new SortedDictionary<string, Metric>(latest.ToDictionary(m => m.Key), StringComparer.Ordinal));
    }

    private static SortedDictionary<string, string> Sorted(IEnumerable<(string Key, string Value)> pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private RunInfo FindRunInfo(SqliteConnection c, SqliteTransaction? t, string runId)
    {
        KeyValidator.ValidateRunId(runId);
        return RunInfos(c, t, "run_uuid = $v", runId).FirstOrDefault()
            ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"Run with id={runId} not found in {TrackingUri}.");
    }

    private RunInfo ActiveRun(SqliteConnection c, SqliteTransaction? t, string runId)
    {
        var info = FindRunInfo(c, t, runId);
        if (info.LifecycleStage != LifecycleStages.Active)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"The run {runId} must be in the 'active' state. Current state is {info.LifecycleStage}.");
        return info;
    }

    private static List<RunInfo> RunInfos(SqliteConnection c, SqliteTransaction? t, string where, object value) =>
        Query(c, t,
            $"SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage FROM runs WHERE {where}",
            r => new RunInfo(r.GetString(0), Id(r.GetInt64(1)), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? "" : r.GetString(3),
                r.IsDBNull(4) ? RunStatus.Running : RunStatusNames.Parse(r.GetString(4)), r.IsDBNull(5) ? 0 : r.GetInt64(5),
                r.IsDBNull(6) ? null : r.GetInt64(6), r.IsDBNull(7) ? "" : r.GetString(7), r.IsDBNull(8) ? LifecycleStages.Active : r.GetString(8)),
            ("$v", value));

    // ---- the database --------------------------------------------------------------------------

    private bool Exists => File.Exists(DatabasePath);

    private T Read<T>(Func<SqliteConnection, T> read)
    {
        // Reading never creates the file: a run looked up in a store that does not exist is simply not found.
        if (!Exists) throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"There is no MLflow store at {TrackingUri} (nothing was logged there yet).");
        using var connection = Open();
        return read(connection);
    }

    /// <summary>Runs <paramref name="write"/> in one <c>BEGIN IMMEDIATE</c> transaction: committed whole, or rolled back on any error.</summary>
    private T Write<T>(Func<SqliteConnection, SqliteTransaction, T> write)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = write(connection, transaction);
        transaction.Commit();
        return result;
    }

    private SqliteConnection Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}");
            if (!_ready) lock (_initGate) if (!_ready) Initialize(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates MLflow's schema in a new file, or checks that an existing one can be written; once per store.</summary>
    private void Initialize(SqliteConnection connection)
    {
        // WAL lets readers (mlflow ui) and one writer work at once; the setting stays with the file.
        Execute(connection, null, "PRAGMA journal_mode = WAL");
        using var transaction = connection.BeginTransaction(deferred: false);
        if (SqliteSchema.IsEmpty(connection, transaction))
        {
            SqliteSchema.Create(connection, transaction);
            Execute(connection, transaction, "INSERT INTO workspaces (name, description, default_artifact_root) VALUES ($w, 'Default workspace for legacy resources', NULL)",
                ("$w", DefaultWorkspace));
        }
        else if (SqliteSchema.Incompatibility(connection, transaction) is { } why)
        {
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Cannot write into the MLflow store {TrackingUri}: {why}. This project writes MLflow's schema revision {SqliteSchema.Revision} "
                + $"(MLflow {SqliteSchema.MlflowVersion}): upgrade the store with `mlflow db upgrade {TrackingUri}` (MLflow {SqliteSchema.MlflowVersion} or later), or use another tracking URI.");
        }
        // MLflow creates the Default experiment 0 whenever it opens a store without one.
        if (Scalar<long>(connection, transaction, "SELECT count(*) FROM experiments WHERE experiment_id = 0") == 0)
        {
            var now = Now;
            Execute(connection, transaction,
                "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) "
                + "VALUES (0, $name, $a, 'active', $now, $now, $w)",
                ("$name", DefaultExperimentName), ("$a", FileStore.FileUri(Path.Combine(ArtifactRoot, DefaultExperimentId))), ("$now", now), ("$w", DefaultWorkspace));
        }
        transaction.Commit();
        _ready = true;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static int Execute(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static List<T> Query<T>(SqliteConnection c, SqliteTransaction? t, string sql, Func<SqliteDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
