namespace Research.Framework.Tracking;

/// <summary>
/// Where runs are tracked: an MLflow file store (<see cref="FileStore"/>, the embedded default) or
/// an MLflow tracking server (<see cref="RestStore"/>). Pick one with <see cref="TrackingStores.FromUri"/>.
/// Times are milliseconds since the Unix epoch; a time left out is taken from the store's clock.
/// Refusals (invalid keys, a changed param, a missing run) throw <see cref="TrackingException"/>;
/// an unreachable server throws <see cref="TrackingUnavailableException"/>.
/// </summary>
public interface ITrackingStore : IAsyncDisposable
{
    /// <summary>The store's location: a <c>file://</c> URI or the server's base URL (never with credentials).</summary>
    string TrackingUri { get; }

    /// <summary>The experiment of that name, active or deleted, or null if there is none.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The active experiments of the store, by name (what a "no such experiment" message can offer instead).</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an experiment and returns its id; RESOURCE_ALREADY_EXISTS if the name is taken.</summary>
    Task<string> CreateExperimentAsync(string name, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The active experiment of that name, created if missing. Two processes doing this at once end
    /// with one experiment. A deleted experiment of that name is an error (restore or purge it first).
    /// </summary>
    Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a run (status RUNNING). The run name is also written as tag <c>mlflow.runName</c>; a
    /// child run carries tag <c>mlflow.parentRunId</c>; the user id is the <c>mlflow.user</c> tag or "unknown".
    /// </summary>
    Task<RunInfo> CreateRunAsync(string experimentId, string? runName, IReadOnlyList<RunTag>? tags = null,
        long? startTime = null, CancellationToken cancellationToken = default);

    /// <summary>Sets a run's status; a terminal status gets <paramref name="endTime"/> (default: now).</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs metrics, params and tags. Params are cut at 6000 characters and are write-once: logging a
    /// different value for a logged key is an error; the same value is accepted.
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Sets (or overwrites) a run tag.</summary>
    Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> as the artifact at <paramref name="artifactPath"/> (relative, '/'-separated).</summary>
    Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Copies a local file to the artifact at <paramref name="artifactPath"/> (relative, '/'-separated).</summary>
    Task LogArtifactFileAsync(string runId, string localPath, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>A run with its params, tags and latest metrics; RESOURCE_DOES_NOT_EXIST if unknown.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The active runs of an experiment, newest first.</summary>
    Task<IReadOnlyList<Run>> SearchRunsAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Every logged value of one metric of a run, in logging order.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends whatever is buffered; throws if it still cannot be delivered, unless the store keeps it
    /// durably to deliver later (a REST store with an outbox). A no-op for the file and SQLite stores.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
