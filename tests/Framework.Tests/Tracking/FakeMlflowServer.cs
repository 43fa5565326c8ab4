using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Research.Framework.Tests.Tracking;

/// <summary>A request as the fake server received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType,
    string? Authorization, byte[] Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// An in-process MLflow tracking server on 127.0.0.1 (HttpListener on a free port) that answers as
/// the recorded MLflow 3.6 exchanges do: the same routes, JSON field names, status codes and error
/// bodies (messages taken from the recordings), the batch limits, write-once params, the
/// Content-Type check, HTML for unknown routes, and the artifact proxy. Failures (503, 429) can be
/// injected ahead of the next requests.
/// </summary>
internal sealed class FakeMlflowServer : IDisposable
{
    private HttpListener _listener = new();
    private Task _loop;
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<RecordedRequest> _accepted = [];
    private readonly List<JsonObject> _experiments = [];
    private readonly Dictionary<string, FakeRun> _runs = new();
    private int _failuresToInject;
    private int _failureStatus;
    private string? _retryAfter;
    private int _nextExperimentId = 1;
    private int _nextRun;

    public sealed class FakeRun
    {
        public required JsonObject Info { get; init; }
        public List<(string Key, double Value, long Timestamp, long Step)> Metrics { get; } = [];
        public List<KeyValuePair<string, string>> Params { get; } = [];
        public List<KeyValuePair<string, string>> Tags { get; } = [];
    }

    public FakeMlflowServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _experiments.Add(ExperimentJson("0", "Default", []));
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    /// <summary>Answers <see cref="SearchPageSize"/> runs per page at most (to exercise paging).</summary>
    public int? SearchPageSize { get; set; }

    public Dictionary<string, byte[]> Artifacts { get; } = new();

    /// <summary>Every request the fake answered with success (what reached its state), in order: "POST runs/update", "PUT artifact a.txt".</summary>
    public IReadOnlyList<RecordedRequest> Accepted
    {
        get { lock (_gate) return _accepted.ToList(); }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    public FakeRun Run(string runId)
    {
        lock (_gate) return _runs[runId];
    }

    /// <summary>The next <paramref name="count"/> requests are answered <paramref name="status"/> (an outage).</summary>
    public void Fail(int count, int status = 503, string? retryAfter = null)
    {
        lock (_gate)
        {
            _failuresToInject = count;
            _failureStatus = status;
            _retryAfter = retryAfter;
        }
    }

    /// <summary>Stops listening: connections are refused, as when the server process is gone. Its state is kept.</summary>
    public void GoAway() => Dispose();

    /// <summary>Listens again on the same port, with the same experiments, runs and artifacts.</summary>
    public void ComeBack()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public void Dispose()
    {
        if (!_listener.IsListening) return;
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Handle(context); }
            catch (Exception e) when (e is HttpListenerException or IOException) { /* the client went away */ }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var bodyStream = new MemoryStream();
        request.InputStream.CopyTo(bodyStream);
        var query = new Dictionary<string, string>();
        foreach (var key in request.QueryString.AllKeys) if (key is not null) query[key] = request.QueryString[key]!;
        var recorded = new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, query, request.ContentType,
            request.Headers["Authorization"], bodyStream.ToArray());
        int status;
        string body;
        var contentType = "application/json";
        lock (_gate)
        {
            _requests.Add(recorded);
            if (_failuresToInject > 0)
            {
                _failuresToInject--;
                if (_retryAfter is not null) context.Response.AddHeader("Retry-After", _retryAfter);
                Respond(context, _failureStatus, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"injected outage\"}", contentType);
                return;
            }
            (status, body, contentType) = Route(recorded);
            if (status == 200) _accepted.Add(recorded);
        }
        Respond(context, status, body, contentType);
    }

    private static void Respond(HttpListenerContext context, int status, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private static readonly string[] PostRoutes =
        ["experiments/create", "experiments/search", "runs/create", "runs/update", "runs/log-batch", "runs/set-tag", "runs/search"];
    private static readonly string[] GetRoutes = ["experiments/get-by-name", "runs/get", "metrics/get-history"];

    private (int, string, string) Route(RecordedRequest r)
    {
        const string api = "/api/2.0/mlflow/";
        const string artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
        if (r.Path.StartsWith(artifacts, StringComparison.Ordinal) && r.Method == "PUT")
        {
            Artifacts[Uri.UnescapeDataString(r.Path[artifacts.Length..])] = r.Body;
            return Ok(new JsonObject());
        }
        var route = r.Path.StartsWith(api, StringComparison.Ordinal) ? r.Path[api.Length..] : "";
        var isPost = PostRoutes.Contains(route);
        var isGet = GetRoutes.Contains(route);
        if (!isPost && !isGet) return Html("48");
        if (isPost != (r.Method == "POST")) return (405, Html405, "text/html; charset=utf-8");
        if (isPost)
        {
            if (r.ContentType is null) return Error(400, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type header is missing.");
            if (!r.ContentType.StartsWith("application/json", StringComparison.Ordinal))
                return Error(400, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be one of ['application/json'].");
        }
        JsonObject body;
        try { body = r.Json as JsonObject ?? new JsonObject(); }
        catch (JsonException) { body = new JsonObject(); } // MLflow treats malformed JSON as {}
        return route switch
        {
            "experiments/get-by-name" => GetExperimentByName(r.Query.GetValueOrDefault("experiment_name") ?? ""),
            "experiments/create" => CreateExperiment(body),
            "experiments/search" => SearchExperiments(body),
            "runs/create" => CreateRun(body),
            "runs/update" => UpdateRun(body),
            "runs/log-batch" => LogBatch(body),
            "runs/set-tag" => SetTag(body),
            "runs/get" => GetRun(r.Query.GetValueOrDefault("run_id") ?? ""),
            "runs/search" => Search(body),
            _ => GetHistory(r.Query),
        };
    }

    private const string Html405 = "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n";

    private static (int, string, string) Html(string exchange)
    {
        var recorded = TrackingFixtures.Exchange(exchange);
        return (recorded["status"]!.GetValue<int>(), recorded["response_body"]!.GetValue<string>(), "text/html; charset=utf-8");
    }

    private static (int, string, string) Ok(JsonNode body) => (200, body.ToJsonString(), "application/json");

    private static (int, string, string) Error(int status, string code, string message) =>
        (status, new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString(), "application/json");

    private static JsonObject ExperimentJson(string id, string name, IEnumerable<KeyValuePair<string, string>> tags)
    {
        var experiment = new JsonObject
        {
            ["experiment_id"] = id,
            ["name"] = name,
            ["artifact_location"] = $"mlflow-artifacts:/{id}",
            ["lifecycle_stage"] = "active",
            ["last_update_time"] = 1795273534436,
            ["creation_time"] = 1795273534436,
        };
        var list = KeyValues(tags);
        if (list.Count > 0) experiment["tags"] = list;
        return experiment;
    }

    private static JsonArray KeyValues(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());

    private (int, string, string) GetExperimentByName(string name)
    {
        var found = _experiments.FirstOrDefault(e => e["name"]!.GetValue<string>() == name);
        if (found is null)
            return Error(404, "RESOURCE_DOES_NOT_EXIST", TrackingFixtures.RecordedMessage("04").Replace("no-such-experiment", name));
        return Ok(new JsonObject { ["experiment"] = found.DeepClone() });
    }

    private (int, string, string) CreateExperiment(JsonObject body)
    {
        var name = body["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
            return Error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
        if (_experiments.Any(e => e["name"]!.GetValue<string>() == name))
            return Error(400, "RESOURCE_ALREADY_EXISTS", TrackingFixtures.RecordedMessage("02").Replace("csharp-client-golden", name));
        var id = (_nextExperimentId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _experiments.Add(ExperimentJson(id, name, Pairs(body["tags"])));
        return Ok(new JsonObject { ["experiment_id"] = id });
    }

    /// <summary>Active experiments, <see cref="SearchPageSize"/> per page at most, with a token after a full page.</summary>
    private (int, string, string) SearchExperiments(JsonObject body)
    {
        var size = Math.Min(body["max_results"]?.GetValue<int>() ?? 1000, SearchPageSize ?? int.MaxValue);
        var offset = body["page_token"] is { } token
            ? JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetValue<string>())))!["offset"]!.GetValue<int>()
            : 0;
        var page = _experiments.Where(e => e["lifecycle_stage"]!.GetValue<string>() == "active").Skip(offset).Take(size).ToList();
        var answer = new JsonObject();
        if (page.Count == 0) return Ok(answer);
        answer["experiments"] = new JsonArray(page.Select(e => (JsonNode)e.DeepClone()).ToArray());
        if (page.Count == size)
            answer["next_page_token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset + size}}}"));
        return Ok(answer);
    }

    private static List<KeyValuePair<string, string>> Pairs(JsonNode? list) =>
        list is JsonArray array
            ? array.Select(e => KeyValuePair.Create(e!["key"]!.GetValue<string>(), e["value"]?.GetValue<string>() ?? "")).ToList()
            : [];

    private (int, string, string) CreateRun(JsonObject body)
    {
        var experimentId = body["experiment_id"]?.GetValue<string>() ?? "0";
        var runId = $"{++_nextRun:x32}";
        var name = body["run_name"]?.GetValue<string>() ?? "random-run-name";
        var info = new JsonObject
        {
            ["run_uuid"] = runId,
            ["experiment_id"] = experimentId,
            ["run_name"] = name,
            // The real server stores the user_id of the request (empty when the client sends none).
            ["user_id"] = body["user_id"]?.GetValue<string>() ?? "",
            ["status"] = "RUNNING",
            ["start_time"] = body["start_time"]?.GetValue<long>() ?? 0,
            ["artifact_uri"] = $"mlflow-artifacts:/{experimentId}/{runId}/artifacts",
            ["lifecycle_stage"] = "active",
            ["run_id"] = runId,
        };
        var run = new FakeRun { Info = info };
        run.Tags.AddRange(Pairs(body["tags"]));
        run.Tags.Add(KeyValuePair.Create("mlflow.runName", name));
        _runs[runId] = run;
        return Ok(new JsonObject { ["run"] = RunJson(run) });
    }

    private static JsonObject RunJson(FakeRun run)
    {
        var data = new JsonObject();
        var latest = run.Metrics.GroupBy(m => m.Key).Select(g => g.MaxBy(m => (m.Step, m.Timestamp))).ToList();
        if (latest.Count > 0) data["metrics"] = new JsonArray(latest.Select(m => (JsonNode)MetricJson(m)).ToArray());
        if (run.Params.Count > 0) data["params"] = KeyValues(run.Params);
        if (run.Tags.Count > 0) data["tags"] = KeyValues(run.Tags);
        return new JsonObject { ["info"] = run.Info.DeepClone(), ["data"] = data, ["inputs"] = new JsonObject() };
    }

    // As the sqlite-backed server answers: NaN as "NaN", infinities as ±double.MaxValue.
    private static JsonObject MetricJson((string Key, double Value, long Timestamp, long Step) m) => new()
    {
        ["key"] = m.Key,
        ["value"] = double.IsNaN(m.Value) ? JsonValue.Create("NaN") : JsonValue.Create(double.IsPositiveInfinity(m.Value) ? double.MaxValue : double.IsNegativeInfinity(m.Value) ? double.MinValue : m.Value),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private (int, string, string) UpdateRun(JsonObject body)
    {
        if (!_runs.TryGetValue(body["run_id"]?.GetValue<string>() ?? "", out var run)) return RunNotFound(body["run_id"]?.GetValue<string>() ?? "");
        run.Info["status"] = body["status"]!.GetValue<string>();
        if (body["end_time"] is { } end)
        {
            // Keep the recorded field order: end_time comes after start_time.
            var ordered = new JsonObject();
            foreach (var (k, v) in run.Info.ToList())
            {
                if (k == "end_time") continue;
                ordered[k] = v?.DeepClone();
                if (k == "start_time") ordered["end_time"] = end.GetValue<long>();
            }
            run.Info.Clear();
            foreach (var (k, v) in ordered.ToList()) run.Info[k] = v?.DeepClone();
        }
        return Ok(new JsonObject { ["run_info"] = run.Info.DeepClone() });
    }

    private static (int, string, string) RunNotFound(string runId) =>
        Error(404, "RESOURCE_DOES_NOT_EXIST", TrackingFixtures.RecordedMessage("20").Replace("0123456789abcdef0123456789abcdef", runId));

    private (int, string, string) LogBatch(JsonObject body)
    {
        var runId = body["run_id"]?.GetValue<string>();
        if (runId is null) return Error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
        if (!_runs.TryGetValue(runId, out var run)) return RunNotFound(runId);
        var metrics = body["metrics"] as JsonArray ?? [];
        var parameters = Pairs(body["params"]);
        var tags = Pairs(body["tags"]);
        if (metrics.Count > 1000)
            return Error(400, "INVALID_PARAMETER_VALUE", TrackingFixtures.RecordedMessage("09").Replace("Got 1001", $"Got {metrics.Count}"));
        if (parameters.Count > 100)
            return Error(400, "INVALID_PARAMETER_VALUE", TrackingFixtures.RecordedMessage("10").Replace("Got 101", $"Got {parameters.Count}"));
        if (tags.Count > 100)
            return Error(400, "INVALID_PARAMETER_VALUE", $"A batch logging request can contain at most 100 tags. Got {tags.Count} tags. Please split up tags across multiple requests and try again.");
        if (metrics.Count + parameters.Count + tags.Count > 1000)
            return Error(400, "INVALID_PARAMETER_VALUE", $"A batch logging request can contain at most 1000 total metrics, params, and tags. Got {metrics.Count + parameters.Count + tags.Count}.");
        foreach (var p in parameters)
        {
            var existing = run.Params.FirstOrDefault(e => e.Key == p.Key);
            if (existing.Key is not null && existing.Value != p.Value)
                return Error(400, "INVALID_PARAMETER_VALUE",
                    $"Changing param values is not allowed. Params were already logged='[{{'key': '{p.Key}', 'old_value': '{existing.Value}', 'new_value': '{p.Value}'}}]' for run ID='{runId}'.");
        }
        foreach (var p in parameters)
            if (!run.Params.Any(e => e.Key == p.Key)) run.Params.Add(p);
        foreach (var t in tags) SetTag(run, t.Key, t.Value);
        foreach (var m in metrics)
        {
            var value = m!["value"]!.GetValueKind() == JsonValueKind.String
                ? m["value"]!.GetValue<string>() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) }
                : m["value"]!.GetValue<double>();
            run.Metrics.Add((m["key"]!.GetValue<string>(), value, m["timestamp"]!.GetValue<long>(), m["step"]?.GetValue<long>() ?? 0));
        }
        return Ok(new JsonObject());
    }

    private static void SetTag(FakeRun run, string key, string value)
    {
        var index = run.Tags.FindIndex(t => t.Key == key);
        if (index >= 0) run.Tags[index] = KeyValuePair.Create(key, value);
        else run.Tags.Add(KeyValuePair.Create(key, value));
    }

    private (int, string, string) SetTag(JsonObject body)
    {
        var runId = body["run_id"]?.GetValue<string>() ?? "";
        if (!_runs.TryGetValue(runId, out var run)) return RunNotFound(runId);
        SetTag(run, body["key"]!.GetValue<string>(), body["value"]!.GetValue<string>());
        return Ok(new JsonObject());
    }

    private (int, string, string) GetRun(string runId) =>
        _runs.TryGetValue(runId, out var run) ? Ok(new JsonObject { ["run"] = RunJson(run) }) : RunNotFound(runId);

    private (int, string, string) Search(JsonObject body)
    {
        var ids = (body["experiment_ids"] as JsonArray ?? []).Select(e => e!.GetValue<string>()).ToHashSet();
        var size = Math.Min(body["max_results"]?.GetValue<int>() ?? 1000, SearchPageSize ?? int.MaxValue);
        var offset = body["page_token"] is { } token
            ? JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetValue<string>())))!["offset"]!.GetValue<int>()
            : 0;
        var matching = _runs.Values.Where(r => ids.Contains(r.Info["experiment_id"]!.GetValue<string>()))
            .OrderByDescending(r => r.Info["start_time"]!.GetValue<long>()).ToList();
        var page = matching.Skip(offset).Take(size).ToList();
        var answer = new JsonObject();
        if (page.Count == 0) return Ok(answer); // past the end: {}
        answer["runs"] = new JsonArray(page.Select(r => (JsonNode)RunJson(r)).ToArray());
        // A full page carries a token even when it is the last one, as the server does.
        if (page.Count == size)
            answer["next_page_token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset + size}}}"));
        return Ok(answer);
    }

    private (int, string, string) GetHistory(IReadOnlyDictionary<string, string> query)
    {
        var runId = query.GetValueOrDefault("run_id") ?? "";
        if (!_runs.TryGetValue(runId, out var run)) return RunNotFound(runId);
        if (!query.ContainsKey("max_results")) return Ok(new JsonObject { ["next_page_token"] = "eyJvZmZzZXQiOiAwfQ==" });
        var metrics = run.Metrics.Where(m => m.Key == query["metric_key"]).Select(m => (JsonNode)MetricJson(m)).ToArray();
        return Ok(metrics.Length == 0 ? new JsonObject() : new JsonObject { ["metrics"] = new JsonArray(metrics) });
    }
}
