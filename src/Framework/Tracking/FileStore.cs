using System.Globalization;
using System.Text;

namespace Research.Framework.Tracking;

/// <summary>
/// The embedded default store: a directory in MLflow's own FileStore layout, so that
/// <c>mlflow ui --backend-store-uri ./mlruns</c> shows it.
/// <code>
/// mlruns/
///   .trash/                         deleted experiments
///   0/meta.yaml                     the Default experiment
///   &lt;experiment id&gt;/meta.yaml       name, artifact_location, lifecycle_stage, times
///   &lt;experiment id&gt;/tags/&lt;key&gt;      experiment tags (raw UTF-8, no newline)
///   &lt;experiment id&gt;/&lt;run id&gt;/
///     meta.yaml                     run_id and run_uuid, run_name, status code, times, artifact_uri
///     metrics/&lt;key&gt;                 lines "&lt;timestamp ms&gt; &lt;value&gt; &lt;step&gt;" (nan, inf, -inf)
///     params/&lt;key&gt;, tags/&lt;key&gt;     raw UTF-8 values, no newline; '/' in a key makes a sub-folder
///     artifacts/                    the run's files
/// </code>
/// Experiment creation holds a lock file (<c>.create-experiment.lock</c> at the root, a plain file
/// that MLflow ignores) so that processes starting at once end with one experiment per name.
/// </summary>
public sealed class FileStore : ITrackingStore
{
    public const string DefaultExperimentId = "0";
    public const string DefaultExperimentName = "Default";
    public const string TrashFolder = ".trash";
    public const string LockFileName = ".create-experiment.lock";
    private const string MetaFile = "meta.yaml";
    private const int LocalSourceType = 4; // MLflow's SourceType.LOCAL

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly FileStoreOptions _options;
    private readonly object _gate = new();

    public FileStore(string rootDirectory, FileStoreOptions? options = null)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        _options = options ?? new FileStoreOptions();
    }

    /// <summary>The absolute path of the store's root (the <c>mlruns</c> folder).</summary>
    public string RootDirectory { get; }

    public string TrackingUri => FileUri(RootDirectory);

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- experiments -------------------------------------------------------------------------

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(FindExperimentByName(name));

    /// <summary>The experiment with this id, active or deleted; RESOURCE_DOES_NOT_EXIST if there is none.</summary>
    public Experiment GetExperiment(string experimentId)
    {
        KeyValidator.ValidateExperimentId(experimentId);
        var dir = ExperimentDirectory(experimentId)
            ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"Experiment with id '{experimentId}' does not exist in {RootDirectory}.");
        return ReadExperiment(dir);
    }

    /// <summary>Every experiment of the store (active ones only unless <paramref name="includeDeleted"/>).</summary>
    public IReadOnlyList<Experiment> ListExperiments(bool includeDeleted = false)
    {
        var dirs = ExperimentDirectories(RootDirectory);
        if (includeDeleted) dirs = dirs.Concat(ExperimentDirectories(Path.Combine(RootDirectory, TrashFolder)));
        return dirs.Select(ReadExperiment).ToList();
    }

    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Experiment>>(ListExperiments().OrderBy(e => e.Name, StringComparer.Ordinal).ToList());

    public Task<string> CreateExperimentAsync(string name, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        ValidateExperimentName(name);
        foreach (var tag in tags ?? []) KeyValidator.Validate(tag.Key, "tag");
        EnsureInitialized();
        using var held = CrossProcessLock.Acquire(Path.Combine(RootDirectory, LockFileName), _options.LockTimeout);
        if (FindExperimentByName(name) is { } existing)
            throw new TrackingException(MlflowErrorCodes.ResourceAlreadyExists,
                $"Experiment '{name}' already exists{(existing.IsActive ? "" : " in deleted state")} (id {existing.ExperimentId}).");
        return Task.FromResult(CreateExperimentLocked(name, tags ?? []));
    }

    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateExperimentName(name);
        EnsureInitialized();
        var found = FindExperimentByName(name);
        if (found is null)
        {
            using var held = CrossProcessLock.Acquire(Path.Combine(RootDirectory, LockFileName), _options.LockTimeout);
            found = FindExperimentByName(name) ?? ReadExperiment(Path.Combine(RootDirectory, CreateExperimentLocked(name, [])));
        }
        if (!found.IsActive)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Experiment '{name}' (id {found.ExperimentId}) is deleted: restore it (mlflow experiments restore) or remove it from {Path.Combine(RootDirectory, TrashFolder)}.");
        return Task.FromResult(found);
    }

    /// <summary>Marks an experiment and its runs deleted and moves it to <c>.trash</c>, as MLflow does.</summary>
    public void DeleteExperiment(string experimentId)
    {
        if (experimentId == DefaultExperimentId)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, "The Default experiment cannot be deleted.");
        var experiment = GetExperiment(experimentId);
        if (!experiment.IsActive) return;
        var dir = Path.Combine(RootDirectory, experimentId);
        var now = Now;
        lock (_gate)
        {
            foreach (var runDir in RunDirectories(dir))
            {
                var info = ReadRunInfo(runDir);
                if (info.LifecycleStage == LifecycleStages.Active)
                    WriteRunMeta(runDir, info with { LifecycleStage = LifecycleStages.Deleted }, now);
            }
            WriteAtomically(Path.Combine(dir, MetaFile), ExperimentMeta(experiment with { LifecycleStage = LifecycleStages.Deleted, LastUpdateTime = now }, withEmptyTags: true));
            Directory.Move(dir, Path.Combine(RootDirectory, TrashFolder, experimentId));
        }
    }

    private string CreateExperimentLocked(string name, IReadOnlyList<RunTag> tags)
    {
        string id;
        do id = _options.NewExperimentId();
        while (Directory.Exists(Path.Combine(RootDirectory, id)) || Directory.Exists(Path.Combine(RootDirectory, TrashFolder, id)));
        KeyValidator.ValidateExperimentId(id);
        WriteNewExperiment(id, name);
        foreach (var tag in tags)
            WriteValueFile(Path.Combine(RootDirectory, id, "tags"), tag.Key, tag.Value);
        return id;
    }

    private void WriteNewExperiment(string id, string name)
    {
        var dir = Path.Combine(RootDirectory, id);
        Directory.CreateDirectory(dir);
        var now = Now;
        var experiment = new Experiment(id, name, FileUri(dir), LifecycleStages.Active, now, now, new Dictionary<string, string>());
        // Written aside and moved into place: a reader never sees a half-written meta.yaml.
        var temporary = Path.Combine(dir, $".{MetaFile}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, ExperimentMeta(experiment, withEmptyTags: false), Utf8);
        File.Move(temporary, Path.Combine(dir, MetaFile), overwrite: false);
    }

    private static string ExperimentMeta(Experiment e, bool withEmptyTags)
    {
        var entries = new Dictionary<string, object?>
        {
            ["artifact_location"] = e.ArtifactLocation,
            ["creation_time"] = e.CreationTime,
            ["experiment_id"] = e.ExperimentId,
            ["last_update_time"] = e.LastUpdateTime,
            ["lifecycle_stage"] = e.LifecycleStage,
            ["name"] = e.Name,
        };
        // MLflow rewrites the whole entity (with its empty tag map) when it deletes an experiment.
        if (withEmptyTags) entries["tags"] = MetaYaml.EmptyMap;
        return MetaYaml.Write(entries);
    }

    private static void ValidateExperimentName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, "An experiment name must be a non-empty string.");
    }

    /// <summary>Creates the root, <c>.trash</c> and the Default experiment 0 when they are missing.</summary>
    private void EnsureInitialized()
    {
        if (File.Exists(Path.Combine(RootDirectory, DefaultExperimentId, MetaFile)) && Directory.Exists(Path.Combine(RootDirectory, TrashFolder)))
            return;
        Directory.CreateDirectory(RootDirectory);
        Directory.CreateDirectory(Path.Combine(RootDirectory, TrashFolder));
        using var held = CrossProcessLock.Acquire(Path.Combine(RootDirectory, LockFileName), _options.LockTimeout);
        if (!File.Exists(Path.Combine(RootDirectory, DefaultExperimentId, MetaFile))
            && !Directory.Exists(Path.Combine(RootDirectory, TrashFolder, DefaultExperimentId)))
            WriteNewExperiment(DefaultExperimentId, DefaultExperimentName);
    }

    private Experiment? FindExperimentByName(string name)
    {
        if (!Directory.Exists(RootDirectory)) return null;
        foreach (var dir in ExperimentDirectories(RootDirectory).Concat(ExperimentDirectories(Path.Combine(RootDirectory, TrashFolder))))
        {
            var meta = TryReadMeta(dir);
            if (meta is not null && meta.GetValueOrDefault("name") == name) return ReadExperiment(dir);
        }
        return null;
    }

    private static IEnumerable<string> ExperimentDirectories(string parent) =>
        !Directory.Exists(parent)
            ? []
            : Directory.EnumerateDirectories(parent)
                .Where(d => Path.GetFileName(d) != TrashFolder && File.Exists(Path.Combine(d, MetaFile)))
                .Order(StringComparer.Ordinal);

    private string? ExperimentDirectory(string experimentId)
    {
        foreach (var dir in new[] { Path.Combine(RootDirectory, experimentId), Path.Combine(RootDirectory, TrashFolder, experimentId) })
            if (File.Exists(Path.Combine(dir, MetaFile))) return dir;
        return null;
    }

    private static Experiment ReadExperiment(string dir)
    {
        var meta = TryReadMeta(dir) ?? throw new TrackingException(MlflowErrorCodes.InternalError, $"Experiment folder '{dir}' has no readable meta.yaml.");
        return new Experiment(
            meta.GetValueOrDefault("experiment_id") ?? Path.GetFileName(dir),
            meta.GetValueOrDefault("name") ?? "",
            meta.GetValueOrDefault("artifact_location") ?? FileUri(dir),
            meta.GetValueOrDefault("lifecycle_stage") ?? LifecycleStages.Active,
            ParseLong(meta.GetValueOrDefault("creation_time")) ?? 0,
            ParseLong(meta.GetValueOrDefault("last_update_time")) ?? 0,
            ReadValueFiles(Path.Combine(dir, "tags")));
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

        EnsureInitialized();
        var experiment = GetExperiment(experimentId);
        if (!experiment.IsActive)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Experiment '{experiment.Name}' (id {experimentId}) is deleted: no run can be created in it.");

        var runId = _options.NewRunId();
        KeyValidator.ValidateRunId(runId);
        var dir = Path.Combine(RootDirectory, experimentId, runId);
        if (Directory.Exists(dir))
            throw new TrackingException(MlflowErrorCodes.ResourceAlreadyExists, $"Run '{runId}' already exists.");
        foreach (var sub in new[] { "artifacts", "metrics", "params", "tags" })
            Directory.CreateDirectory(Path.Combine(dir, sub));

        var info = new RunInfo(runId, experimentId, name, tags.LastOrDefault(t => t.Key == MlflowTags.User)?.Value ?? "unknown",
            RunStatus.Running, startTime ?? Now, null, FileUri(Path.Combine(dir, "artifacts")), LifecycleStages.Active);
        WriteRunMeta(dir, info, deletedTime: null);
        foreach (var tag in tags.Where(t => t.Key != MlflowTags.RunName))
            WriteValueFile(Path.Combine(dir, "tags"), tag.Key, ParamValues.Truncate(tag.Value, MlflowLimits.MaxTagValueLength));
        WriteValueFile(Path.Combine(dir, "tags"), MlflowTags.RunName, name);
        return Task.FromResult(info);
    }

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var dir = ActiveRunDirectory(runId);
            var info = ReadRunInfo(dir);
            var updated = info with { Status = status, EndTime = status.IsTerminal() ? endTime ?? Now : endTime ?? info.EndTime };
            WriteRunMeta(dir, updated, deletedTime: null);
            return Task.FromResult(updated);
        }
    }

    /// <summary>Marks a run deleted (it stays in place with <c>lifecycle_stage: deleted</c>), as MLflow does.</summary>
    public void DeleteRun(string runId)
    {
        lock (_gate)
        {
            var dir = RunDirectory(runId);
            var info = ReadRunInfo(dir);
            if (info.LifecycleStage != LifecycleStages.Deleted)
                WriteRunMeta(dir, info with { LifecycleStage = LifecycleStages.Deleted }, Now);
        }
    }

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        metrics ??= [];
        tags ??= [];
        var paramList = (parameters ?? []).Select(p => p with { Value = ParamValues.Truncate(p.Value) }).ToList();
        foreach (var m in metrics) KeyValidator.Validate(m.Key, "metric");
        foreach (var p in paramList) KeyValidator.Validate(p.Key, "param");
        foreach (var t in tags) KeyValidator.Validate(t.Key, "tag");

        lock (_gate)
        {
            var dir = ActiveRunDirectory(runId);
            // Every param is checked before anything is written: a refused batch writes nothing.
            var newParams = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in paramList)
            {
                var existing = newParams.TryGetValue(p.Key, out var inBatch) ? inBatch : ReadValueFile(Path.Combine(dir, "params"), p.Key);
                if (existing is not null && existing != p.Value)
                    throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                        $"Changing param values is not allowed. Param with key='{p.Key}' was already logged with value='{existing}' "
                        + $"for run ID='{runId}'. Attempted logging new value '{p.Value}'.");
                newParams[p.Key] = p.Value;
            }
            foreach (var (key, value) in newParams)
                if (ReadValueFile(Path.Combine(dir, "params"), key) is null)
                    WriteValueFile(Path.Combine(dir, "params"), key, value);
            foreach (var tag in tags)
                SetTagLocked(dir, tag.Key, tag.Value);
            foreach (var group in metrics.GroupBy(m => m.Key))
                AppendMetrics(Path.Combine(dir, "metrics"), group.Key, group);
        }
        return Task.CompletedTask;
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        KeyValidator.Validate(key, "tag");
        lock (_gate) SetTagLocked(ActiveRunDirectory(runId), key, value);
        return Task.CompletedTask;
    }

    private void SetTagLocked(string runDir, string key, string value)
    {
        value = ParamValues.Truncate(value, MlflowLimits.MaxTagValueLength);
        WriteValueFile(Path.Combine(runDir, "tags"), key, value);
        if (key == MlflowTags.RunName)
        {
            // Renaming through the tag renames the run, as in MLflow.
            var info = ReadRunInfo(runDir);
            if (info.RunName != value) WriteRunMeta(runDir, info with { RunName = value }, deletedTime: null);
        }
    }

    private static void AppendMetrics(string metricsDir, string key, IEnumerable<Metric> values)
    {
        var path = Path.Combine(metricsDir, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        foreach (var m in values)
            text.Append(m.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(PythonFloat.Format(m.Value)).Append(' ')
                .Append(m.Step.ToString(CultureInfo.InvariantCulture)).Append('\n');
        File.AppendAllText(path, text.ToString(), Utf8);
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

    /// <summary>The local folder holding a run's artifacts.</summary>
    public string ArtifactDirectory(string runId) => Path.Combine(RunDirectory(runId), "artifacts");

    private string ArtifactTarget(string runId, string artifactPath)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        var root = Path.GetFullPath(Path.Combine(ActiveRunDirectory(runId), "artifacts"));
        var target = Path.GetFullPath(Path.Combine(root, artifactPath));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"Artifact path '{artifactPath}' leaves the run's artifact folder.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }

    // ---- reading -------------------------------------------------------------------------------

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadRun(RunDirectory(runId)));

    public Task<IReadOnlyList<Run>> SearchRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var experiment = GetExperiment(experimentId);
        var dir = ExperimentDirectory(experiment.ExperimentId)!;
        IReadOnlyList<Run> runs = RunDirectories(dir)
            .Select(ReadRun)
            .Where(r => r.Info.LifecycleStage == LifecycleStages.Active)
            .OrderByDescending(r => r.Info.StartTime).ThenBy(r => r.Info.RunId, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(runs);
    }

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        KeyValidator.Validate(key, "metric");
        var path = Path.Combine(RunDirectory(runId), "metrics", key);
        IReadOnlyList<Metric> history = File.Exists(path) ? ReadMetricFile(path, key) : [];
        return Task.FromResult(history);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Run ReadRun(string dir)
    {
        var metricsDir = Path.Combine(dir, "metrics");
        var latest = new SortedDictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var (key, path) in ValueFiles(metricsDir))
        {
            var history = ReadMetricFile(path, key);
            if (history.Count == 0) continue;
            // MLflow's latest value: the largest step, then the largest timestamp, then the largest value.
            latest[key] = history.MaxBy(m => (m.Step, m.TimestampMs, m.Value))!;
        }
        return new Run(ReadRunInfo(dir), ReadValueFiles(Path.Combine(dir, "params")), ReadValueFiles(Path.Combine(dir, "tags")), latest);
    }

    private static List<Metric> ReadMetricFile(string path, string key)
    {
        var result = new List<Metric>();
        foreach (var line in File.ReadAllLines(path, Utf8))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2) continue;
            result.Add(new Metric(key, PythonFloat.Parse(parts[1]),
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0));
        }
        return result;
    }

    private static RunInfo ReadRunInfo(string dir)
    {
        var meta = TryReadMeta(dir) ?? throw new TrackingException(MlflowErrorCodes.InternalError, $"Run folder '{dir}' has no readable meta.yaml.");
        var runId = meta.GetValueOrDefault("run_id") ?? meta.GetValueOrDefault("run_uuid") ?? Path.GetFileName(dir);
        return new RunInfo(
            runId,
            meta.GetValueOrDefault("experiment_id") ?? Path.GetFileName(Path.GetDirectoryName(dir))!,
            meta.GetValueOrDefault("run_name") ?? ReadValueFile(Path.Combine(dir, "tags"), MlflowTags.RunName) ?? "",
            meta.GetValueOrDefault("user_id") ?? "unknown",
            (RunStatus)(int)(ParseLong(meta.GetValueOrDefault("status")) ?? (int)RunStatus.Running),
            ParseLong(meta.GetValueOrDefault("start_time")) ?? 0,
            ParseLong(meta.GetValueOrDefault("end_time")),
            meta.GetValueOrDefault("artifact_uri") ?? FileUri(Path.Combine(dir, "artifacts")),
            meta.GetValueOrDefault("lifecycle_stage") ?? LifecycleStages.Active);
    }

    private static void WriteRunMeta(string dir, RunInfo info, long? deletedTime)
    {
        var entries = new Dictionary<string, object?>
        {
            ["artifact_uri"] = info.ArtifactUri,
            ["end_time"] = info.EndTime,
            ["entry_point_name"] = "",
            ["experiment_id"] = info.ExperimentId,
            ["lifecycle_stage"] = info.LifecycleStage,
            ["run_id"] = info.RunId,
            ["run_name"] = info.RunName,
            // MLflow 3 reads run_id; MLflow 2 needs run_uuid. Both are written.
            ["run_uuid"] = info.RunId,
            ["source_name"] = "",
            ["source_type"] = LocalSourceType,
            ["source_version"] = "",
            ["start_time"] = info.StartTime,
            ["status"] = (int)info.Status,
            ["tags"] = MetaYaml.EmptyList,
            ["user_id"] = info.UserId,
        };
        if (deletedTime is { } deleted) entries["deleted_time"] = deleted;
        WriteAtomically(Path.Combine(dir, MetaFile), MetaYaml.Write(entries));
    }

    private string RunDirectory(string runId)
    {
        KeyValidator.ValidateRunId(runId);
        foreach (var parent in new[] { RootDirectory, Path.Combine(RootDirectory, TrashFolder) })
        {
            if (!Directory.Exists(parent)) continue;
            foreach (var experimentDir in Directory.EnumerateDirectories(parent))
            {
                var candidate = Path.Combine(experimentDir, runId);
                if (File.Exists(Path.Combine(candidate, MetaFile))) return candidate;
            }
        }
        throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"Run with id={runId} not found in {RootDirectory}.");
    }

    private string ActiveRunDirectory(string runId)
    {
        var dir = RunDirectory(runId);
        var info = ReadRunInfo(dir);
        if (info.LifecycleStage != LifecycleStages.Active)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, $"The run {runId} must be in the 'active' state. Current state is {info.LifecycleStage}.");
        return dir;
    }

    private static IEnumerable<string> RunDirectories(string experimentDir) =>
        Directory.EnumerateDirectories(experimentDir)
            .Where(d => Path.GetFileName(d) is not ("tags" or "datasets") && File.Exists(Path.Combine(d, MetaFile)))
            .Order(StringComparer.Ordinal);

    // ---- files ---------------------------------------------------------------------------------

    private static IReadOnlyDictionary<string, string?>? TryReadMeta(string dir)
    {
        var path = Path.Combine(dir, MetaFile);
        try
        {
            return File.Exists(path) ? MetaYaml.Read(File.ReadAllText(path, Utf8)) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes a param or tag value: raw UTF-8, no newline, '/' in the key making sub-folders.</summary>
    private static void WriteValueFile(string dir, string key, string value)
    {
        var path = Path.Combine(dir, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, value, Utf8);
    }

    private static string? ReadValueFile(string dir, string key)
    {
        var path = Path.Combine(dir, key);
        return File.Exists(path) ? File.ReadAllText(path, Utf8) : null;
    }

    private static IEnumerable<(string Key, string Path)> ValueFiles(string dir) =>
        !Directory.Exists(dir)
            ? []
            : Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => (Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'), f))
                .OrderBy(e => e.Item1, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> ReadValueFiles(string dir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, path) in ValueFiles(dir)) result[key] = File.ReadAllText(path, Utf8);
        return result;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        File.WriteAllText(temporary, text, Utf8);
        File.Move(temporary, path, overwrite: true);
    }

    private static long? ParseLong(string? text) =>
        text is null ? null : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>A local path as a <c>file://</c> URI, as MLflow writes artifact locations.</summary>
    public static string FileUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
