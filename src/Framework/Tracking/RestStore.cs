using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Research.Framework.Tracking;

/// <summary>
/// A client of an MLflow tracking server's REST API (<c>/api/2.0/mlflow/...</c>), with artifacts
/// uploaded through the server's artifact proxy (<c>/api/2.0/mlflow-artifacts/artifacts/...</c>,
/// the default of <c>mlflow server</c>).
/// <list type="bullet">
/// <item>429, 5xx, connection failures and timeouts are retried with exponential backoff
/// (<see cref="RestRetryPolicy"/>); other errors are thrown as <see cref="TrackingException"/> with
/// MLflow's error code and message (e.g. a changed param: 400 INVALID_PARAMETER_VALUE).</item>
/// <item>Logging is split into batches within MLflow's limits (<see cref="BatchSplitter"/>); params
/// go in their own requests first, so a refused param never takes metrics down with it.</item>
/// <item>When the server becomes unreachable during a run, logging calls, artifact uploads and the
/// run's final status return and keep what they could not send, in order; it is sent when the server
/// answers again. Without an outbox it is kept in memory and <see cref="FlushAsync"/> (also called
/// before a run is ended) sends it or throws. With an outbox (<see cref="RestStoreOptions.OutboxRoot"/>,
/// the default of <see cref="TrackingStores.FromUri"/>) it is written to disk (<see cref="Outbox"/>)
/// once the retries give up, so nothing is lost when the process ends: a run's final status is then
/// retried in the background for a bounded time, and a later store over the same folder delivers it
/// first thing. What is queued, and where, is told through <see cref="RestStoreOptions.Report"/>.</item>
/// <item>Reaching no server at all on the first call throws <see cref="TrackingUnavailableException"/>
/// naming the URI, so a run fails before it trains.</item>
/// </list>
/// </summary>
public sealed class RestStore : ITrackingStore
{
    private const string Api = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts/";
    private const int PageSize = 1000;

    private readonly Uri _base;
    private readonly RestStoreOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<PendingRequest> _pending = [];
    private readonly ConcurrentDictionary<string, string> _artifactUris = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunInfo> _runInfos = new(StringComparer.Ordinal);
    private readonly Outbox? _outbox;
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset? _outageSince;
    private DateTimeOffset _lastProbe;
    private bool _recovering;
    private bool _reportedOutage;
    private int _deliveredFromOutbox;
    private Task _background = Task.CompletedTask;

    /// <summary>
    /// A write not yet sent: the entry, and until it is stored in the outbox, an artifact's bytes
    /// (<paramref name="Content"/>) or the local file to read them from (<paramref name="LocalFile"/>).
    /// </summary>
    private sealed record PendingRequest(OutboxEntry Entry, byte[]? Content = null, string? LocalFile = null, bool Stored = false);

    public RestStore(Uri baseUri, RestStoreOptions? options = null)
    {
        if (baseUri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The REST store needs an http(s) URI, not '{baseUri}'.", nameof(baseUri));
        // user:password from the URI is basic auth (as MLflow's HTTP client sends it) unless the credential
        // variables give others; it is then dropped from the URI so that no message ever shows it.
        options ??= new RestStoreOptions();
        if (options.Credentials.Kind == "none" && RestCredentials.FromUserInfo(baseUri) is { } fromUri)
            options = options with { Credentials = fromUri };
        var builder = new UriBuilder(baseUri) { UserName = "", Password = "", Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        _base = builder.Uri;
        _options = options;
        _ownsHttp = _options.HttpClient is null;
        _http = _options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (_options.OutboxRoot is { } root)
        {
            _outbox = new Outbox(Outbox.FolderFor(root, _base));
            // What an earlier process could not deliver goes first, before anything this one logs.
            var earlier = _outbox.Load();
            _pending.AddRange(earlier.Select(e => new PendingRequest(e, Stored: true)));
            _recovering = earlier.Count > 0;
            if (_recovering)
                Report($"{Describe(earlier)} queued for {TrackingUri} by an earlier run wait in {_outbox.Folder}: delivering them first.");
        }
    }

    /// <summary>The folder where writes that could not be delivered are kept; null without an outbox.</summary>
    public string? OutboxFolder => _outbox?.Folder;

    /// <summary>Completes when the background delivery started at the end of a run stops (delivered, or given up).</summary>
    public Task BackgroundDelivery => _background;

    /// <summary>Which kind of credentials requests carry ("basic", "bearer" or "none"): safe to show.</summary>
    public string CredentialKind => _options.Credentials.Kind;

    public string TrackingUri => _base.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>How many requests wait in the buffer because the server could not be reached.</summary>
    public int PendingRequests
    {
        get { lock (_pending) return _pending.Count; }
    }

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private void Report(string message) => _options.Report?.Invoke(message);

    /// <summary>"3 operation(s) (1 artifact, the final status of 1 run) of run(s) a, b".</summary>
    private static string Describe(IReadOnlyCollection<OutboxEntry> entries)
    {
        var artifacts = entries.Count(e => e.Operation == OutboxOperation.Artifact);
        var statuses = entries.Count(e => e.IsRunStatus);
        var runs = string.Join(", ", entries.Select(e => e.RunId).Distinct());
        return $"{entries.Count} operation(s) ({artifacts} artifact(s), {statuses} run status(es)) of run(s) {runs}";
    }

    // ---- experiments -------------------------------------------------------------------------

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            using var doc = await GetAsync($"experiments/get-by-name?experiment_name={Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
            return RestJson.Experiment(doc.RootElement.GetProperty("experiment"));
        }
        catch (TrackingException e) when (e.ErrorCode == MlflowErrorCodes.ResourceDoesNotExist)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        var experiments = new List<Experiment>();
        string? token = null;
        do
        {
            var body = RestJson.Write(w =>
            {
                w.WriteNumber("max_results", PageSize);
                w.WriteString("view_type", "ACTIVE_ONLY");
                if (token is not null) w.WriteString("page_token", token);
            });
            using var doc = await PostAsync("experiments/search", body, cancellationToken).ConfigureAwait(false);
            var page = doc.RootElement.TryGetProperty("experiments", out var list) ? list.EnumerateArray().Select(RestJson.Experiment).ToList() : [];
            experiments.AddRange(page);
            token = page.Count > 0 ? RestJson.String(doc.RootElement, "next_page_token") : null;
        }
        while (token is not null);
        return experiments.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<string> CreateExperimentAsync(string name, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue, "An experiment name must be a non-empty string.");
        foreach (var tag in tags ?? []) KeyValidator.Validate(tag.Key, "tag");
        var body = RestJson.Write(w =>
        {
            w.WriteString("name", name);
            RestJson.WriteTags(w, "tags", tags ?? []);
        });
        using var doc = await PostAsync("experiments/create", body, cancellationToken).ConfigureAwait(false);
        return RestJson.String(doc.RootElement, "experiment_id")
            ?? throw new TrackingException(MlflowErrorCodes.InternalError, "experiments/create answered without an experiment_id.");
    }

    public async Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var experiment = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            try
            {
                await CreateExperimentAsync(name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackingException e) when (e.ErrorCode == MlflowErrorCodes.ResourceAlreadyExists)
            {
                // Another process created it between our lookup and our create: use theirs.
            }
            experiment = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new TrackingException(MlflowErrorCodes.ResourceDoesNotExist, $"Experiment '{name}' was created but cannot be found on {TrackingUri}.");
        }
        if (!experiment.IsActive)
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Experiment '{name}' (id {experiment.ExperimentId}) is deleted on {TrackingUri}: restore it or use another name.");
        return experiment;
    }

    // ---- runs ----------------------------------------------------------------------------------

    public async Task<RunInfo> CreateRunAsync(string experimentId, string? runName, IReadOnlyList<RunTag>? tags = null,
        long? startTime = null, CancellationToken cancellationToken = default)
    {
        tags ??= [];
        foreach (var tag in tags) KeyValidator.Validate(tag.Key, "tag");
        var start = startTime ?? Now; // the server would store 0, not now
        var body = RestJson.Write(w =>
        {
            w.WriteString("experiment_id", experimentId);
            // MLflow's own client sends the user here too; the server does not take it from the tag.
            w.WriteString("user_id", tags.LastOrDefault(t => t.Key == MlflowTags.User)?.Value ?? "unknown");
            if (runName is not null) w.WriteString("run_name", runName);
            w.WriteNumber("start_time", start);
            RestJson.WriteTags(w, "tags", tags.Select(t => t with { Value = ParamValues.Truncate(t.Value, MlflowLimits.MaxTagValueLength) }).ToList());
        });
        using var doc = await PostAsync("runs/create", body, cancellationToken).ConfigureAwait(false);
        var info = Remember(RestJson.RunInfo(doc.RootElement.GetProperty("run").GetProperty("info")));
        _artifactUris[info.RunId] = info.ArtifactUri;
        return info;
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default)
    {
        var end = status.IsTerminal() ? endTime ?? Now : endTime; // the server leaves end_time unset if not sent
        var body = RestJson.Write(w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("status", status.ToMlflowName());
            if (end is { } e) w.WriteNumber("end_time", e);
        });
        if (_outbox is null)
        {
            // Whatever is buffered belongs to the run before its end.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            using var doc = await PostAsync("runs/update", body, cancellationToken).ConfigureAwait(false);
            return Remember(RestJson.RunInfo(doc.RootElement.GetProperty("run_info")));
        }

        var update = new PendingRequest(new OutboxEntry(0, runId, OutboxOperation.Post, "runs/update", $"status {status.ToMlflowName()} of run {runId}",
            System.Text.Encoding.UTF8.GetString(body)));
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                // Whatever is queued belongs to the run before its end.
                await DrainAsync(probeOnly: InOutage, cancellationToken).ConfigureAwait(false);
                using var doc = await SendAsync(HttpMethod.Post, Api + "runs/update", () => JsonContent(body), _options.Retry.MaxAttempts, cancellationToken)
                    .ConfigureAwait(false);
                return Remember(RestJson.RunInfo(doc.RootElement.GetProperty("run_info")));
            }
            catch (TrackingUnavailableException e)
            {
                _outageSince ??= _options.Clock.GetUtcNow();
                lock (_pending) _pending.Add(update);
                Persist(e.Message);
                if (status.IsTerminal()) StartBackgroundDelivery();
            }
        }
        finally
        {
            _sendLock.Release();
        }
        // The server has not seen it yet: answer what it will hold once the outbox is delivered.
        return _runInfos.TryGetValue(runId, out var known)
            ? known with { Status = status, EndTime = end ?? known.EndTime }
            : new RunInfo(runId, "", "", "", status, 0, end, "", LifecycleStages.Active);
    }

    private RunInfo Remember(RunInfo info)
    {
        _runInfos[info.RunId] = info;
        return info;
    }

    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        metrics ??= [];
        tags = (tags ?? []).Select(t => t with { Value = ParamValues.Truncate(t.Value, MlflowLimits.MaxTagValueLength) }).ToList();
        var paramList = (parameters ?? []).Select(p => p with { Value = ParamValues.Truncate(p.Value) }).ToList();
        foreach (var m in metrics) KeyValidator.Validate(m.Key, "metric");
        foreach (var p in paramList) KeyValidator.Validate(p.Key, "param");
        foreach (var t in tags) KeyValidator.Validate(t.Key, "tag");

        var requests = BatchSplitter.Split([], paramList, [])
            .Concat(BatchSplitter.Split(metrics, [], tags))
            .Select(b => Post(runId, "runs/log-batch", RestJson.LogBatchBody(runId, b),
                $"log-batch of {b.Metrics.Count} metrics, {b.Params.Count} params, {b.Tags.Count} tags for run {runId}"))
            .ToList();
        await EnqueueAndSendAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        KeyValidator.Validate(key, "tag");
        value = ParamValues.Truncate(value, MlflowLimits.MaxTagValueLength);
        var body = RestJson.Write(w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("key", key);
            w.WriteString("value", value);
        });
        return EnqueueAndSendAsync([Post(runId, "runs/set-tag", body, $"set-tag {key} for run {runId}")], cancellationToken);
    }

    private static PendingRequest Post(string runId, string path, byte[] body, string what) =>
        new(new OutboxEntry(0, runId, OutboxOperation.Post, path, what, System.Text.Encoding.UTF8.GetString(body)));

    /// <summary>
    /// Sends what is queued. Without an outbox it throws when the server cannot be reached; with one,
    /// what could not be sent stays on disk (told through <see cref="RestStoreOptions.Report"/>) and this returns.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAsync(probeOnly: false, cancellationToken).ConfigureAwait(false);
        }
        catch (TrackingUnavailableException e) when (_outbox is not null)
        {
            Persist(e.Message);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private bool InOutage => _outageSince is not null;

    private async Task EnqueueAndSendAsync(IReadOnlyList<PendingRequest> requests, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_pending) _pending.AddRange(requests);
            if (InOutage && _options.Clock.GetUtcNow() - _lastProbe < _options.Retry.OutageProbeInterval)
            {
                Persist(null); // the server is down: keep the data until the next probe
                return;
            }
            try
            {
                await DrainAsync(probeOnly: InOutage, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackingUnavailableException e)
            {
                // Kept (on disk with an outbox); sent on a later call, by FlushAsync, or by a later store.
                Persist(e.Message);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Writes what waits in memory to the outbox (a no-op without one), so that the end of this
    /// process loses nothing; says what is queued and where at the start of an outage and whenever
    /// a run's status is queued. Called with the send lock held.
    /// </summary>
    private void Persist(string? problem)
    {
        if (_outbox is null) return;
        List<PendingRequest> fresh;
        lock (_pending) fresh = _pending.Where(p => !p.Stored).ToList();
        if (fresh.Count == 0) return;
        foreach (var request in fresh)
        {
            var stored = new PendingRequest(_outbox.Add(request.Entry, request.Content, request.LocalFile), Stored: true);
            lock (_pending) _pending[_pending.IndexOf(request)] = stored;
        }
        if (_reportedOutage && !fresh.Any(p => p.Entry.IsRunStatus)) return;
        _reportedOutage = true;
        List<OutboxEntry> all;
        lock (_pending) all = _pending.Select(p => p.Entry).ToList();
        Report($"The MLflow server at {TrackingUri} is unreachable{(problem is null ? "" : $" ({problem})")}. "
            + $"{Describe(all)} are queued in {_outbox.Folder}; they are delivered when it answers, "
            + "or by the next research command against this server (e.g. run --resume).");
    }

    /// <summary>
    /// Probes the server every <see cref="RestRetryPolicy.OutageProbeInterval"/>, up to
    /// <see cref="RestStoreOptions.BackgroundDeliveryProbes"/> times, until the queue is delivered;
    /// stopped when the store is disposed. Called with the send lock held.
    /// </summary>
    private void StartBackgroundDelivery()
    {
        if (!_background.IsCompleted || _options.BackgroundDeliveryProbes < 1) return;
        var stopping = _stopping.Token;
        _background = Task.Run(async () =>
        {
            for (var probe = 0; probe < _options.BackgroundDeliveryProbes && !stopping.IsCancellationRequested; probe++)
            {
                await _options.Retry.Delay(_options.Retry.OutageProbeInterval, stopping).ConfigureAwait(false);
                await _sendLock.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    await DrainAsync(probeOnly: true, stopping).ConfigureAwait(false);
                    return;
                }
                catch (TrackingUnavailableException)
                {
                    // Still away: the next probe, or a later store, delivers it.
                }
                catch (TrackingException e)
                {
                    Report($"Delivering the queue to {TrackingUri} stopped: {e.Message}");
                    return;
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Sends the queue in order. A refused fresh request is dropped and thrown; a refused request from
    /// the outbox (its caller is gone) is dropped and reported; an outage keeps them all and throws.
    /// </summary>
    private async Task DrainAsync(bool probeOnly, CancellationToken cancellationToken)
    {
        _recovering = false;
        while (true)
        {
            PendingRequest? next;
            lock (_pending) next = _pending.Count > 0 ? _pending[0] : null;
            if (next is null) return;
            try
            {
                _lastProbe = _options.Clock.GetUtcNow();
                await SendPendingAsync(next, probeOnly ? 1 : _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
                _outageSince = null;
                _reportedOutage = false;
                probeOnly = false;
            }
            catch (TrackingUnavailableException e)
            {
                _outageSince ??= _options.Clock.GetUtcNow();
                int count;
                lock (_pending) count = _pending.Count;
                throw new TrackingUnavailableException($"{e.Message} {count} request(s) are kept and will be sent when it answers.", e);
            }
            catch (TrackingException e)
            {
                Delivered(next);
                if (!next.Stored) throw;
                Report($"The server refused queued {next.Entry.What}; it is dropped: {e.Message}");
                continue;
            }
            Delivered(next);
        }
    }

    private void Delivered(PendingRequest request)
    {
        bool empty;
        lock (_pending)
        {
            _pending.Remove(request);
            empty = _pending.Count == 0;
        }
        if (!request.Stored || _outbox is null) return;
        _outbox.Remove(request.Entry);
        _deliveredFromOutbox++;
        if (!empty) return;
        Report($"Delivered {_deliveredFromOutbox} queued operation(s) to {TrackingUri}; the outbox {_outbox.Folder} is empty and removed.");
        _deliveredFromOutbox = 0;
    }

    private async Task SendPendingAsync(PendingRequest request, int attempts, CancellationToken cancellationToken)
    {
        var entry = request.Entry;
        if (entry.Operation == OutboxOperation.Post)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(entry.Body ?? "{}");
            using var _ = await SendAsync(HttpMethod.Post, Api + entry.Target, () => JsonContent(body), attempts, cancellationToken).ConfigureAwait(false);
            return;
        }
        var path = await ArtifactRequestPathAsync(entry.RunId, entry.Target, cancellationToken).ConfigureAwait(false);
        var file = request.Stored ? _outbox!.ContentPath(entry) : request.LocalFile;
        using var __ = await SendAsync(HttpMethod.Put, path,
            () => Typed(file is null
                ? new ByteArrayContent(request.Content ?? [])
                : new StreamContent(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read)), entry.Target),
            attempts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Before the first request of this store: deliver what an earlier process left in the outbox (one attempt).</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (!_recovering) return;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_recovering) return;
            await DrainAsync(probeOnly: true, cancellationToken).ConfigureAwait(false);
        }
        catch (TrackingUnavailableException)
        {
            Report($"The MLflow server at {TrackingUri} is still unreachable; the queued operations stay in {_outbox!.Folder}.");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // ---- artifacts -----------------------------------------------------------------------------

    public Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        return EnqueueAndSendAsync([Artifact(runId, artifactPath, content.ToArray(), null)], cancellationToken);
    }

    public Task LogArtifactFileAsync(string runId, string localPath, string artifactPath, CancellationToken cancellationToken = default)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        if (!File.Exists(localPath)) throw new FileNotFoundException($"Artifact file '{localPath}' does not exist.", localPath);
        return EnqueueAndSendAsync([Artifact(runId, artifactPath, null, Path.GetFullPath(localPath))], cancellationToken);
    }

    private static PendingRequest Artifact(string runId, string artifactPath, byte[]? content, string? localFile) =>
        new(new OutboxEntry(0, runId, OutboxOperation.Artifact, artifactPath, $"artifact {artifactPath} of run {runId}"), content, localFile);
    /// <summary>
    /// The proxy path of an artifact: the run's artifact URI <c>mlflow-artifacts:/1/&lt;run&gt;/artifacts</c>
    /// gives <c>api/2.0/mlflow-artifacts/artifacts/1/&lt;run&gt;/artifacts/&lt;path&gt;</c>.
    /// </summary>
    private async Task<string> ArtifactRequestPathAsync(string runId, string artifactPath, CancellationToken cancellationToken)
    {
        if (!_artifactUris.TryGetValue(runId, out var artifactUri))
            artifactUri = (await GetRunAsync(runId, cancellationToken).ConfigureAwait(false)).Info.ArtifactUri;
        const string scheme = "mlflow-artifacts:";
        if (!artifactUri.StartsWith(scheme, StringComparison.Ordinal))
            throw new TrackingException(MlflowErrorCodes.InvalidParameterValue,
                $"Run {runId} stores artifacts at '{artifactUri}', which this client cannot write: start the server with the artifact proxy "
                + "(mlflow server --serve-artifacts, the default) so that artifact URIs are mlflow-artifacts:/...");
        var rest = artifactUri[scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal)) rest = new Uri("http:" + rest).AbsolutePath; // mlflow-artifacts://host:port/path
        var segments = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(artifactPath.Split('/'));
        return ArtifactsApi + string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    private static HttpContent Typed(HttpContent content, string artifactPath)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(artifactPath).ToLowerInvariant() switch
        {
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".json" => "application/json",
            ".yaml" or ".yml" or ".txt" or ".md" or ".csv" => "text/plain",
            _ => "application/octet-stream",
        });
        return content;
    }

    // ---- reading -------------------------------------------------------------------------------

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var doc = await GetAsync($"runs/get?run_id={Uri.EscapeDataString(runId)}", cancellationToken).ConfigureAwait(false);
        var run = RestJson.Run(doc.RootElement.GetProperty("run"));
        _artifactUris[Remember(run.Info).RunId] = run.Info.ArtifactUri;
        return run;
    }

    public async Task<IReadOnlyList<Run>> SearchRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var runs = new List<Run>();
        string? token = null;
        do
        {
            var body = RestJson.Write(w =>
            {
                w.WriteStartArray("experiment_ids");
                w.WriteStringValue(experimentId);
                w.WriteEndArray();
                w.WriteNumber("max_results", PageSize);
                w.WriteString("run_view_type", "ACTIVE_ONLY");
                if (token is not null) w.WriteString("page_token", token);
            });
            using var doc = await PostAsync("runs/search", body, cancellationToken).ConfigureAwait(false);
            var page = doc.RootElement.TryGetProperty("runs", out var list) ? list.EnumerateArray().Select(RestJson.Run).ToList() : [];
            runs.AddRange(page);
            // A full last page still carries a token; the page after it is {}.
            token = page.Count > 0 ? RestJson.String(doc.RootElement, "next_page_token") : null;
        }
        while (token is not null);
        return runs;
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var history = new List<Metric>();
        string? token = null;
        do
        {
            // Without max_results the server answers no metrics at all: always send it.
            var query = $"metrics/get-history?run_id={Uri.EscapeDataString(runId)}&metric_key={Uri.EscapeDataString(key)}&max_results={PageSize}";
            if (token is not null) query += $"&page_token={Uri.EscapeDataString(token)}";
            using var doc = await GetAsync(query, cancellationToken).ConfigureAwait(false);
            var page = doc.RootElement.TryGetProperty("metrics", out var list) ? list.EnumerateArray().Select(RestJson.Metric).ToList() : [];
            history.AddRange(page);
            token = page.Count > 0 ? RestJson.String(doc.RootElement, "next_page_token") : null;
        }
        while (token is not null);
        return history;
    }

    public async ValueTask DisposeAsync()
    {
        // What the background delivery did not send stays in the outbox for the next store.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _background.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting: expected.
        }
        _stopping.Dispose();
        if (_ownsHttp) _http.Dispose();
        _sendLock.Dispose();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private static HttpContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync(HttpMethod.Get, Api + pathAndQuery, null, _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonDocument> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync(HttpMethod.Post, Api + path, () => JsonContent(body), _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, int maxAttempts,
        CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        var uri = new Uri(_base, pathAndQuery);
        var what = $"{method} {uri.AbsolutePath}";
        string lastProblem = "";
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(retry.RequestTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, uri);
                    if (content is not null) request.Content = content();
                    request.Headers.Authorization = _options.Credentials.Header;
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
                    var error = Error(response.StatusCode, text, what);
                    if (!RestRetryPolicy.IsRetryable(response.StatusCode)) throw error;
                    lastProblem = $"it answered {(int)response.StatusCode} ({error.Message})";
                    retryAfter = response.Headers.RetryAfter?.Delta
                        ?? (response.Headers.RetryAfter?.Date is { } date ? date - _options.Clock.GetUtcNow() : null);
                }
                catch (HttpRequestException e)
                {
                    lastProblem = e.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastProblem = $"no answer within {retry.RequestTimeout.TotalSeconds:0.#} s";
                }
            }
            if (attempt >= maxAttempts)
                throw new TrackingUnavailableException(
                    $"Cannot reach the MLflow tracking server at {TrackingUri} ({what}): {lastProblem}, after {attempt} attempt(s). "
                    + "Check that the server is running and that --tracking-uri / MLFLOW_TRACKING_URI points at it.");
            await retry.Delay(retry.DelayAfter(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>MLflow's JSON error (<c>{"error_code", "message"}</c>), or a plain description of an HTML error page.</summary>
    private static TrackingException Error(HttpStatusCode status, string body, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && RestJson.String(doc.RootElement, "error_code") is { } code)
                return new TrackingException(code, RestJson.String(doc.RootElement, "message") ?? code, (int)status);
        }
        catch (JsonException)
        {
            // Not JSON: unknown routes (404) and wrong methods (405) answer HTML.
        }
        var hint = status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            ? " Is this an MLflow tracking server, and is the tracking URI its base address?"
            : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " Check MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN."
                : "";
        return new TrackingException(null, $"{what} answered HTTP {(int)status} {status}.{hint}", (int)status);
    }
}
