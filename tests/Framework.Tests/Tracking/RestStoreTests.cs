using System.Text;
using System.Text.Json.Nodes;
using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class RestStoreTests
{
    private FakeMlflowServer _server = null!;
    private List<TimeSpan> _delays = null!;
    private ManualClock _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new FakeMlflowServer();
        _delays = [];
        _clock = new ManualClock();
    }

    [TearDown]
    public void TearDown() => _server.Dispose();

    private RestRetryPolicy Policy(int attempts = 4) => new()
    {
        MaxAttempts = attempts,
        InitialDelay = TimeSpan.FromMilliseconds(100),
        Jitter = false,
        RequestTimeout = TimeSpan.FromSeconds(10),
        OutageProbeInterval = TimeSpan.Zero,
        Delay = (delay, _) => { lock (_delays) _delays.Add(delay); return Task.CompletedTask; },
    };

    private RestStore Store(RestCredentials? credentials = null, int attempts = 4, Uri? baseUri = null) =>
        new(baseUri ?? _server.BaseUri, new RestStoreOptions { Retry = Policy(attempts), Clock = _clock, Credentials = credentials ?? RestCredentials.None });

    private static JsonNode Recorded(string exchange, string field) => TrackingFixtures.Exchange(exchange)[field]!;

    [Test]
    public async Task GetOrCreateExperiment_Missing_LooksUpCreatesAndReadsBack()
    {
        await using var store = Store();
        var experiment = await store.GetOrCreateExperimentAsync("csharp-client-golden");

        Assert.That(experiment.ExperimentId, Is.EqualTo("1"));
        Assert.That(experiment.ArtifactLocation, Is.EqualTo("mlflow-artifacts:/1"));
        var requests = _server.Requests;
        Assert.That(requests.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[]
        {
            "GET /api/2.0/mlflow/experiments/get-by-name",
            "POST /api/2.0/mlflow/experiments/create",
            "GET /api/2.0/mlflow/experiments/get-by-name",
        }));
        Assert.That(requests[0].Query["experiment_name"], Is.EqualTo("csharp-client-golden"));
        Assert.That(JsonNode.DeepEquals(requests[1].Json, Recorded("02", "request_body")), Is.True, requests[1].Json!.ToJsonString());
        Assert.That(requests[1].ContentType, Does.StartWith("application/json"));

        // Found the second time: a single lookup.
        var again = await store.GetOrCreateExperimentAsync("csharp-client-golden");
        Assert.That(again.ExperimentId, Is.EqualTo("1"));
        Assert.That(_server.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task CreateExperiment_NameTaken_ThrowsResourceAlreadyExistsWith400()
    {
        await using var store = Store();
        await store.CreateExperimentAsync("csharp-client-golden", [new RunTag("team", "csharp")]);
        Assert.That(JsonNode.DeepEquals(_server.Requests[0].Json, Recorded("01", "request_body")), Is.True);

        var error = Assert.ThrowsAsync<TrackingException>(() => store.CreateExperimentAsync("csharp-client-golden"));
        Assert.That(error!.ErrorCode, Is.EqualTo(MlflowErrorCodes.ResourceAlreadyExists));
        Assert.That(error.HttpStatus, Is.EqualTo(400));
        Assert.That(await store.GetExperimentByNameAsync("no-such-experiment"), Is.Null);
    }

    [Test]
    public async Task CreateRun_SendsTheRecordedRequestBody_AndReadsTheRun()
    {
        await using var store = Store();
        await store.CreateExperimentAsync("csharp-client-golden");
        var info = await store.CreateRunAsync("1", "parent-run", [new RunTag("mlflow.user", "dev"), new RunTag("stage", "golden")], 1700000000000);

        // The recorded body plus user_id: MLflow's own client sends the user there, and the server keeps it.
        var expected = Recorded("05", "request_body").DeepClone().AsObject();
        expected["user_id"] = "dev";
        Assert.That(JsonNode.DeepEquals(_server.Requests[^1].Json, expected), Is.True, _server.Requests[^1].Json!.ToJsonString());
        Assert.That(info.UserId, Is.EqualTo("dev"));
        Assert.That(info.RunName, Is.EqualTo("parent-run"));
        Assert.That(info.Status, Is.EqualTo(RunStatus.Running));
        Assert.That(info.StartTime, Is.EqualTo(1700000000000));
        Assert.That(info.EndTime, Is.Null);
        Assert.That(info.ArtifactUri, Is.EqualTo($"mlflow-artifacts:/1/{info.RunId}/artifacts"));

        var child = await store.CreateRunAsync("1", "child-run", [new RunTag(MlflowTags.ParentRunId, info.RunId)], 1700000001000);
        var expectedChild = Recorded("06", "request_body").DeepClone();
        expectedChild["tags"]![0]!["value"] = info.RunId;
        expectedChild["user_id"] = "unknown";
        Assert.That(JsonNode.DeepEquals(_server.Requests[^1].Json, expectedChild), Is.True);
        var read = await store.GetRunAsync(child.RunId);
        Assert.That(read.ParentRunId, Is.EqualTo(info.RunId));
        Assert.That(read.Tags[MlflowTags.RunName], Is.EqualTo("child-run"));
    }

    [Test]
    public async Task CreateRun_WithoutStartTime_SendsTheClockNotZero()
    {
        await using var store = Store();
        var info = await store.CreateRunAsync("0", null);
        Assert.That(_server.Requests[^1].Json!["start_time"]!.GetValue<long>(), Is.EqualTo(_clock.NowMs));
        Assert.That(info.StartTime, Is.EqualTo(_clock.NowMs));
    }

    [Test]
    public async Task LogBatch_NonFiniteValues_AreSentAsTheRecordedStrings()
    {
        await using var store = Store();
        var run = await store.CreateRunAsync("0", "r");
        var recorded = Recorded("07", "request_body");
        var metrics = recorded["metrics"]!.AsArray().Select(m => new Metric(
            m!["key"]!.GetValue<string>(),
            m["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.String ? PythonFloat.Parse(m["value"]!.GetValue<string>()) : m["value"]!.GetValue<double>(),
            m["timestamp"]!.GetValue<long>(), m["step"]!.GetValue<long>())).ToList();

        await store.LogBatchAsync(run.RunId, metrics, [new Param("lr", "0.01"), new Param("optimizer", "adam")], [new RunTag("mlflow.note.content", "golden data")]);

        var batches = _server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)).Select(r => r.Json!).ToList();
        // Params first, in a request of their own; then metrics and tags.
        Assert.That(batches, Has.Count.EqualTo(2));
        Assert.That(JsonNode.DeepEquals(batches[0]["params"], recorded["params"]), Is.True);
        Assert.That(batches[0]["metrics"], Is.Null, "empty lists are left out");
        Assert.That(JsonNode.DeepEquals(batches[1]["metrics"], recorded["metrics"]), Is.True, batches[1]["metrics"]!.ToJsonString());
        Assert.That(JsonNode.DeepEquals(batches[1]["tags"], recorded["tags"]), Is.True);

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        Assert.That(history.Select(m => m.Step), Is.EqualTo(new long[] { 0, 1, 2, 3 }));
        Assert.That(double.IsNaN(history[3].Value), Is.True);
        Assert.That(_server.Requests[^1].Query["max_results"], Is.EqualTo("1000"));
        var read = await store.GetRunAsync(run.RunId);
        Assert.That(read.LatestMetrics["grad_norm"].Value, Is.EqualTo(double.PositiveInfinity), "sqlite's double.MaxValue reads back as infinity");
        Assert.That(read.LatestMetrics["grad_min"].Value, Is.EqualTo(double.NegativeInfinity));
        Assert.That(read.Params["optimizer"], Is.EqualTo("adam"));
    }

    [Test]
    public async Task LogBatch_OverTheLimits_IsSplitIntoRequestsTheServerAccepts()
    {
        await using var store = Store();
        var run = await store.CreateRunAsync("0", "r");
        var metrics = Enumerable.Range(0, 2500).Select(i => new Metric($"m{i % 7}", i, 1700000000000 + i, i)).ToList();
        var parameters = Enumerable.Range(0, 150).Select(i => new Param($"p{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var tags = Enumerable.Range(0, 120).Select(i => new RunTag($"t{i}", "x")).ToList();

        await store.LogBatchAsync(run.RunId, metrics, parameters, tags);

        var batches = _server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)).Select(r => r.Json!).ToList();
        int Count(JsonNode b, string list) => (b[list] as JsonArray)?.Count ?? 0;
        Assert.That(batches.All(b => Count(b, "metrics") <= 1000 && Count(b, "params") <= 100 && Count(b, "tags") <= 100
            && Count(b, "metrics") + Count(b, "params") + Count(b, "tags") <= 1000), Is.True);
        Assert.That(batches, Has.Count.EqualTo(2 + 3)); // params 100, 50; then 100 tags + 900 metrics, 20 tags + 980 metrics, 620 metrics
        var stored = _server.Run(run.RunId);
        Assert.That(stored.Metrics.Select(m => m.Step), Is.EqualTo(Enumerable.Range(0, 2500).Select(i => (long)i)), "order kept");
        Assert.That(stored.Params, Has.Count.EqualTo(150));
        Assert.That(stored.Tags.Count(t => t.Key.StartsWith('t')), Is.EqualTo(120));
    }

    [Test]
    public async Task LogBatch_ChangedParam_IsReportedWithTheServersError_SameValueIsAccepted()
    {
        await using var store = Store();
        var run = await store.CreateRunAsync("0", "r");
        await store.LogBatchAsync(run.RunId, parameters: [new Param("lr", "0.01")]);
        await store.LogBatchAsync(run.RunId, parameters: [new Param("lr", "0.01")]);

        var error = Assert.ThrowsAsync<TrackingException>(() =>
            store.LogBatchAsync(run.RunId, [new Metric("loss", 1, 1, 0)], [new Param("lr", "0.02")]));
        Assert.That(error!.ErrorCode, Is.EqualTo(MlflowErrorCodes.InvalidParameterValue));
        Assert.That(error.HttpStatus, Is.EqualTo(400));
        Assert.That(error.Message, Does.StartWith("Changing param values is not allowed."));
        Assert.That(_server.Run(run.RunId).Params.Single().Value, Is.EqualTo("0.01"));
        // Params went alone, so the refused param took no metric down with it... and the refused request is not retried.
        await store.FlushAsync();
        Assert.That(store.PendingRequests, Is.Zero);
    }

    [Test]
    public async Task Request_Answered503_IsRetriedWithExponentialBackoff()
    {
        await using var store = Store(attempts: 4);
        var run = await store.CreateRunAsync("0", "r");
        _server.Fail(2, 503);

        await store.LogBatchAsync(run.RunId, [new Metric("loss", 0.5, 1, 0)]);

        Assert.That(_server.Run(run.RunId).Metrics, Has.Count.EqualTo(1));
        Assert.That(_delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }));
        Assert.That(_server.Requests.Count(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public async Task Request_Answered429WithRetryAfter_WaitsAtLeastThatLong()
    {
        await using var store = Store();
        _server.Fail(1, 429, retryAfter: "2");
        await store.GetOrCreateExperimentAsync("e");
        Assert.That(_delays.Single(), Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task Outage_DuringARun_LosesNoMetrics_TheyAreSentWhenTheServerAnswers()
    {
        await using var store = Store(attempts: 2);
        var run = await store.CreateRunAsync("0", "r");
        _server.Fail(1000, 503);

        for (var step = 0; step < 5; step++)
            await store.LogBatchAsync(run.RunId, [new Metric("loss", 1.0 / (step + 1), 1700000000000 + step, step)]);
        await store.SetTagAsync(run.RunId, "phase", "train");
        Assert.That(store.PendingRequests, Is.EqualTo(6));
        Assert.ThrowsAsync<TrackingUnavailableException>(() => store.FlushAsync());

        _server.Fail(0);
        await store.LogBatchAsync(run.RunId, [new Metric("loss", 0.1, 1700000000005, 5)]);
        Assert.That(store.PendingRequests, Is.Zero);
        var stored = _server.Run(run.RunId);
        Assert.That(stored.Metrics.Select(m => m.Step), Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(stored.Tags.Single(t => t.Key == "phase").Value, Is.EqualTo("train"));
    }

    [Test]
    public async Task UpdateRun_FlushesTheBufferThenSendsStatusAndEndTime()
    {
        await using var store = Store(attempts: 1);
        var run = await store.CreateRunAsync("0", "r", startTime: 1700000000000);
        _server.Fail(1, 503);
        await store.LogBatchAsync(run.RunId, [new Metric("loss", 0.5, 1, 0)]);
        Assert.That(store.PendingRequests, Is.EqualTo(1));

        var finished = await store.UpdateRunAsync(run.RunId, RunStatus.Finished, 1700000060000);

        Assert.That(store.PendingRequests, Is.Zero);
        var update = _server.Requests[^1];
        Assert.That(update.Path, Is.EqualTo("/api/2.0/mlflow/runs/update"));
        Assert.That(JsonNode.DeepEquals(update.Json, new JsonObject { ["run_id"] = run.RunId, ["status"] = "FINISHED", ["end_time"] = 1700000060000 }), Is.True);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(finished.EndTime, Is.EqualTo(1700000060000));
    }

    [Test]
    public async Task TrackedRun_FailedChild_EndsFailedWithReasonTagAndEndTime()
    {
        await using var store = Store();
        var parent = await TrackedRun.StartAsync(store, "0", "sweep", clock: _clock);
        var child = await parent.StartChildAsync("point-0");
        await child.LogMetricAsync("loss", double.NaN, step: 3);
        _clock.Advance(5000);

        await child.FailAsync("loss is NaN at step 3");

        var read = await store.GetRunAsync(child.RunId);
        Assert.That(read.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(read.Info.EndTime, Is.EqualTo(_clock.NowMs), "the client sends end_time: the server would leave it unset");
        Assert.That(read.Tags[MlflowTags.FailureReason], Is.EqualTo("loss is NaN at step 3"));
        Assert.That(read.ParentRunId, Is.EqualTo(parent.RunId));
        Assert.That(double.IsNaN(read.LatestMetrics["loss"].Value), Is.True);
    }

    [Test]
    public async Task LogArtifact_IsUploadedThroughTheArtifactProxy()
    {
        await using var store = Store();
        await store.CreateExperimentAsync("e");
        var run = await store.CreateRunAsync("1", "r");
        var svg = Recorded("32", "request_body").GetValue<string>();

        await store.LogArtifactAsync(run.RunId, "figs/curve.svg", Encoding.UTF8.GetBytes(svg));

        var put = _server.Requests[^1];
        var expectedPath = Recorded("32", "path").GetValue<string>().Replace("d34588da6ba44e5abb269ab5fdd4bb32", run.RunId);
        Assert.That(put.Method, Is.EqualTo("PUT"));
        Assert.That(put.Path, Is.EqualTo(expectedPath));
        Assert.That(put.ContentType, Is.EqualTo("image/svg+xml"));
        Assert.That(Encoding.UTF8.GetString(put.Body), Is.EqualTo(svg));

        var file = Path.Combine(Directory.CreateTempSubdirectory("artifact").FullName, "spec.yaml");
        await File.WriteAllTextAsync(file, "seed: 1\n");
        await store.LogArtifactFileAsync(run.RunId, file, "spec/resolved.yaml");
        Assert.That(_server.Artifacts[$"1/{run.RunId}/artifacts/spec/resolved.yaml"], Is.EqualTo("seed: 1\n"u8.ToArray()));
        Directory.Delete(Path.GetDirectoryName(file)!, true);
    }

    [Test]
    public async Task SearchRuns_FollowsPageTokensUntilTheEmptyPage()
    {
        await using var store = Store();
        for (var i = 0; i < 3; i++) await store.CreateRunAsync("0", $"r{i}", startTime: 1700000000000 + i);
        _server.SearchPageSize = 1;

        var runs = await store.SearchRunsAsync("0");

        Assert.That(runs.Select(r => r.Info.RunName), Is.EqualTo(new[] { "r2", "r1", "r0" }));
        var searches = _server.Requests.Where(r => r.Path.EndsWith("runs/search", StringComparison.Ordinal)).ToList();
        Assert.That(searches, Has.Count.EqualTo(4), "three full pages, each with a token, then {}");
        Assert.That(searches[0].Json!["run_view_type"]!.GetValue<string>(), Is.EqualTo("ACTIVE_ONLY"));
        Assert.That(searches[1].Json!["page_token"], Is.Not.Null);
    }

    [Test]
    public async Task ListExperiments_FollowsPageTokens_SortsByName()
    {
        await using var store = Store();
        await store.CreateExperimentAsync("zeta");
        await store.CreateExperimentAsync("alpha");
        _server.SearchPageSize = 2;

        var experiments = await store.ListExperimentsAsync();

        Assert.That(experiments.Select(e => e.Name), Is.EqualTo(new[] { "Default", "alpha", "zeta" }));
        var searches = _server.Requests.Where(r => r.Path.EndsWith("experiments/search", StringComparison.Ordinal)).ToList();
        Assert.That(searches, Has.Count.EqualTo(2), "a full page with a token, then the last one");
        Assert.That(searches[0].Json!["view_type"]!.GetValue<string>(), Is.EqualTo("ACTIVE_ONLY"));
        Assert.That(searches[1].Json!["page_token"], Is.Not.Null);
    }

    [Test]
    public async Task Credentials_Bearer_AreSentButNeverShown()
    {
        var env = new Dictionary<string, string?> { [RestCredentials.TokenVariable] = "s3cret-token" };
        await using var store = TrackingStores.FromUri(_server.BaseUri.ToString(), env.GetValueOrDefault,
            restOptions: new RestStoreOptions { Retry = Policy(1) });
        await store.GetOrCreateExperimentAsync("e");
        Assert.That(_server.Requests.All(r => r.Authorization == "Bearer s3cret-token"), Is.True);

        _server.Fail(5, 503);
        var error = Assert.ThrowsAsync<TrackingUnavailableException>(() => store.GetOrCreateExperimentAsync("other"));
        Assert.That(error!.ToString(), Does.Not.Contain("s3cret"));
        Assert.That(RestCredentials.FromEnvironment(env.GetValueOrDefault).ToString(), Does.Not.Contain("s3cret"));
    }

    [Test]
    public async Task Credentials_InTheUri_AreSentAsBasicButNeverShown()
    {
        var uri = new UriBuilder(_server.BaseUri) { UserName = "bob", Password = "p%40ss:w0rd" }.Uri;
        await using var store = TrackingStores.FromUri(uri.ToString(), _ => null, restOptions: new RestStoreOptions { Retry = Policy(1) });
        await store.GetOrCreateExperimentAsync("e");
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:p@ss:w0rd"));
        Assert.That(_server.Requests.Select(r => r.Authorization), Is.All.EqualTo(expected));
        Assert.That(((RestStore)store).CredentialKind, Is.EqualTo("basic"));
        Assert.That(store.TrackingUri, Does.Not.Contain("bob").And.Not.Contain("w0rd"));
    }

    [Test]
    public async Task Credentials_FromTheVariables_WinOverTheUri()
    {
        var env = new Dictionary<string, string?> { [RestCredentials.TokenVariable] = "env-token" };
        var uri = new UriBuilder(_server.BaseUri) { UserName = "bob", Password = "pw" }.Uri;
        await using var store = TrackingStores.FromUri(uri.ToString(), env.GetValueOrDefault, restOptions: new RestStoreOptions { Retry = Policy(1) });
        await store.GetOrCreateExperimentAsync("e");
        Assert.That(_server.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer env-token"));
    }

    [Test]
    public async Task Credentials_UsernameAndPassword_AreSentAsBasicAndWinOverAToken()
    {
        var env = new Dictionary<string, string?>
        {
            [RestCredentials.UsernameVariable] = "alice",
            [RestCredentials.PasswordVariable] = "pa55",
            [RestCredentials.TokenVariable] = "token",
        };
        await using var store = Store(RestCredentials.FromEnvironment(env.GetValueOrDefault));
        await store.GetExperimentByNameAsync("Default");
        Assert.That(_server.Requests.Single().Authorization, Is.EqualTo("Basic " + Convert.ToBase64String("alice:pa55"u8.ToArray())));
    }

    [Test]
    public async Task UnreachableServer_AtStart_FailsWithAClearMessageNamingTheUri()
    {
        var port = _server.Port;
        _server.Dispose();
        await using var store = Store(attempts: 2, baseUri: new Uri($"http://127.0.0.1:{port}"));

        var error = Assert.ThrowsAsync<TrackingUnavailableException>(() => store.GetOrCreateExperimentAsync("e"));

        Assert.That(error!.Message, Does.Contain($"http://127.0.0.1:{port}"));
        Assert.That(error.Message, Does.Contain("MLFLOW_TRACKING_URI"));
        Assert.That(_delays, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WrongBaseAddress_HtmlNotFound_IsReportedAsNotAnMlflowServer()
    {
        await using var store = Store(baseUri: new Uri(_server.BaseUri, "/not-mlflow/"));
        var error = Assert.ThrowsAsync<TrackingException>(() => store.CreateRunAsync("0", "r"));
        Assert.That(error!.HttpStatus, Is.EqualTo(404));
        Assert.That(error.Message, Does.Contain("Is this an MLflow tracking server"));
        Assert.That(_delays, Is.Empty, "a 404 is an answer, not an outage");
    }

    [Test]
    public async Task LogBatch_InvalidKey_IsRefusedBeforeAnyRequest()
    {
        await using var store = Store();
        Assert.ThrowsAsync<TrackingException>(() => store.LogBatchAsync("0123456789abcdef0123456789abcdef", [new Metric("../x", 1, 1, 0)]));
        Assert.That(_server.Requests, Is.Empty);
    }
}
