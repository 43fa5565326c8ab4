using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// A file store on a disk that can fill up: once <see cref="SpaceLeft"/> is set, each write costs its
/// bytes (artifacts, tag values; a batch of metrics or params 64 bytes an entry; a status change
/// nothing), and one that does not fit throws the IOException a full disk gives.
/// </summary>
public sealed class FullDiskStore(string root) : ITrackingStore
{
    private readonly FileStore _inner = new(root);

    /// <summary>Bytes that can still be written; null: unlimited.</summary>
    public long? SpaceLeft { get; set; }

    public List<string> Refused { get; } = [];

    private void Spend(long bytes, string what)
    {
        lock (Refused)
        {
            if (SpaceLeft is not { } left) return;
            if (bytes > left)
            {
                Refused.Add(what);
                throw new IOException($"No space left on device : '{Path.Combine(root, what)}'");
            }
            SpaceLeft = left - bytes;
        }
    }

    public string TrackingUri => _inner.TrackingUri;
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) => _inner.GetExperimentByNameAsync(name, cancellationToken);
    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default) => _inner.ListExperimentsAsync(cancellationToken);
    public Task<string> CreateExperimentAsync(string name, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default) =>
        _inner.CreateExperimentAsync(name, tags, cancellationToken);
    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default) => _inner.GetOrCreateExperimentAsync(name, cancellationToken);

    public Task<RunInfo> CreateRunAsync(string experimentId, string? runName, IReadOnlyList<RunTag>? tags = null, long? startTime = null,
        CancellationToken cancellationToken = default)
    {
        Spend(1024, "new run");
        return _inner.CreateRunAsync(experimentId, runName, tags, startTime, cancellationToken);
    }

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default) =>
        _inner.UpdateRunAsync(runId, status, endTime, cancellationToken);

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null, IReadOnlyList<RunTag>? tags = null,
        CancellationToken cancellationToken = default)
    {
        Spend(64L * ((metrics?.Count ?? 0) + (parameters?.Count ?? 0) + (tags?.Count ?? 0)), $"{runId}/metrics");
        return _inner.LogBatchAsync(runId, metrics, parameters, tags, cancellationToken);
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        Spend(value.Length, $"{runId}/tags/{key}");
        return _inner.SetTagAsync(runId, key, value, cancellationToken);
    }

    public Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Spend(content.Length, $"{runId}/artifacts/{artifactPath}");
        return _inner.LogArtifactAsync(runId, artifactPath, content, cancellationToken);
    }

    public Task LogArtifactFileAsync(string runId, string localPath, string artifactPath, CancellationToken cancellationToken = default)
    {
        Spend(new FileInfo(localPath).Length, $"{runId}/artifacts/{artifactPath}");
        return _inner.LogArtifactFileAsync(runId, localPath, artifactPath, cancellationToken);
    }

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) => _inner.GetRunAsync(runId, cancellationToken);
    public Task<IReadOnlyList<Run>> SearchRunsAsync(string experimentId, CancellationToken cancellationToken = default) => _inner.SearchRunsAsync(experimentId, cancellationToken);
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        _inner.GetMetricHistoryAsync(runId, key, cancellationToken);
    public Task FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the test keeps using it across runs
}
