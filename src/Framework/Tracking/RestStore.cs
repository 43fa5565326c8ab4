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
/// <item>When the server becomes unreachable during a run, logging calls return and keep what they
/// could not send, in order; it is sent when the server answers again, and <see cref="FlushAsync"/>
/// (also called before a run is ended) sends it or throws.</item>
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
    private readonly Queue<PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<string, string> _artifactUris = new(StringComparer.Ordinal);
    private DateTimeOffset? _outageSince;
    private DateTimeOffset _lastProbe;

    private sealed record PendingRequest(string Path, byte[] Body, string What);

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
    }

    /// <summary>Which kind of credentials requests carry ("basic", "bearer" or "none"): safe to show.</summary>
    public string CredentialKind => _options.Credentials.Kind;

    public string TrackingUri => _base.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>How many requests wait in the buffer because the server could not be reached.</summary>
    public int PendingRequests
    {
        get { lock (_pending) return _pending.Count; }
    }

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

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
        var info = RestJson.RunInfo(doc.RootElement.GetProperty("run").GetProperty("info"));
        _artifactUris[info.RunId] = info.ArtifactUri;
        return info;
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, CancellationToken cancellationToken = default)
    {
        // Whatever is buffered belongs to the run before its end.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var end = status.IsTerminal() ? endTime ?? Now : endTime; // the server leaves end_time unset if not sent
        var body = RestJson.Write(w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("status", status.ToMlflowName());
            if (end is { } e) w.WriteNumber("end_time", e);
        });
        using var doc = await PostAsync("runs/update", body, cancellationToken).ConfigureAwait(false);
        return RestJson.RunInfo(doc.RootElement.GetProperty("run_info"));
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
            .Select(b => new PendingRequest("runs/log-batch", RestJson.LogBatchBody(runId, b),
                $"log-batch of {b.Metrics.Count} metrics, {b.Params.Count} params, {b.Tags.Count} tags for run {runId}"));
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
        return EnqueueAndSendAsync([new PendingRequest("runs/set-tag", body, $"set-tag {key} for run {runId}")], cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAsync(probeOnly: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task EnqueueAndSendAsync(IEnumerable<PendingRequest> requests, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_pending)
                foreach (var request in requests) _pending.Enqueue(request);
            if (_outageSince is not null && _options.Clock.GetUtcNow() - _lastProbe < _options.Retry.OutageProbeInterval)
                return; // the server is down: keep the data until the next probe
            try
            {
                await DrainAsync(probeOnly: _outageSince is not null, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackingUnavailableException)
            {
                // Kept in the buffer; sent on a later call or by FlushAsync.
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends the buffer in order. A refused request is dropped and thrown; an outage keeps it and throws.</summary>
    private async Task DrainAsync(bool probeOnly, CancellationToken cancellationToken)
    {
        while (true)
        {
            PendingRequest? next;
            lock (_pending) next = _pending.Count > 0 ? _pending.Peek() : null;
            if (next is null) return;
            try
            {
                _lastProbe = _options.Clock.GetUtcNow();
                using var _ = await SendAsync(HttpMethod.Post, Api + next.Path, () => JsonContent(next.Body),
                    probeOnly ? 1 : _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
                _outageSince = null;
                probeOnly = false;
            }
            catch (TrackingUnavailableException e)
            {
                _outageSince ??= _options.Clock.GetUtcNow();
                int count;
                lock (_pending) count = _pending.Count;
                throw new TrackingUnavailableException($"{e.Message} {count} logging request(s) are kept and will be sent when it answers.", e);
            }
            catch (TrackingException)
            {
                lock (_pending) _pending.Dequeue();
                throw;
            }
            lock (_pending) _pending.Dequeue();
        }
    }

    // ---- artifacts -----------------------------------------------------------------------------

    public async Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        var path = await ArtifactRequestPathAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        var bytes = content.ToArray();
        using var _ = await SendAsync(HttpMethod.Put, path, () => Typed(new ByteArrayContent(bytes), artifactPath),
            _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogArtifactFileAsync(string runId, string localPath, string artifactPath, CancellationToken cancellationToken = default)
    {
        KeyValidator.ValidateArtifactPath(artifactPath);
        if (!File.Exists(localPath)) throw new FileNotFoundException($"Artifact file '{localPath}' does not exist.", localPath);
        var path = await ArtifactRequestPathAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        using var _ = await SendAsync(HttpMethod.Put, path,
            () => Typed(new StreamContent(new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read)), artifactPath),
            _options.Retry.MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

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
        _artifactUris[run.Info.RunId] = run.Info.ArtifactUri;
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
        if (_ownsHttp) _http.Dispose();
        _sendLock.Dispose();
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private static HttpContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Api + pathAndQuery, null, _options.Retry.MaxAttempts, cancellationToken);

    private Task<JsonDocument> PostAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Api + path, () => JsonContent(body), _options.Retry.MaxAttempts, cancellationToken);

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
