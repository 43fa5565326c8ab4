using System.Text;
using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

/// <summary>The REST store's durable outbox: the server goes away at the end of a point and comes back.</summary>
public class RestStoreOutboxTests
{
    private const string Secret = "hunter2-token";

    private FakeMlflowServer _server = null!;
    private string _root = null!;
    private List<string> _reports = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new FakeMlflowServer();
        _root = Directory.CreateTempSubdirectory("outbox-rest").FullName;
        _reports = [];
    }

    [TearDown]
    public void TearDown()
    {
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string OutboxRoot => Path.Combine(_root, ".cache", "outbox");

    private RestStore Store(int backgroundProbes = 1000) => new(_server.BaseUri, new RestStoreOptions
    {
        Retry = new RestRetryPolicy
        {
            MaxAttempts = 2,
            InitialDelay = TimeSpan.FromMilliseconds(1),
            Jitter = false,
            RequestTimeout = TimeSpan.FromSeconds(10),
            OutageProbeInterval = TimeSpan.FromMilliseconds(20),
        },
        OutboxRoot = OutboxRoot,
        BackgroundDeliveryProbes = backgroundProbes,
        Report = m => { lock (_reports) _reports.Add(m); },
    });

    private static SecretMask Mask => new([Secret]);

    /// <summary>A point's run with params and a first epoch logged while the server is up.</summary>
    private static async Task<TrackedRun> StartPointAsync(ITrackingStore store)
    {
        var parent = await TrackedRun.StartAsync(store, "0", "sweep", secrets: Mask);
        var point = await parent.StartChildAsync("point-0");
        await point.LogParamsAsync([KeyValuePair.Create<string, object?>("tracking.uri", $"http://me:{Secret}@host")]);
        await point.LogMetricAsync("loss", 1.0, step: 1);
        return point;
    }

    /// <summary>What PointRunner does at the end of a point: last metrics, metrics.csv, the checkpoint, a figure, the status.</summary>
    private async Task EndPointAsync(TrackedRun point)
    {
        await point.LogMetricAsync("loss", 0.5, step: 2);
        await point.SetTagAsync("note", $"token {Secret}");
        await point.LogTextArtifactAsync("metrics.csv", "epoch,loss\n1,1.0\n2,0.5\n");
        var checkpoint = Path.Combine(_root, "model.bin");
        await File.WriteAllBytesAsync(checkpoint, [1, 2, 3, 4]);
        await point.LogArtifactFileAsync(checkpoint, "checkpoint/model.bin");
        File.Delete(checkpoint); // the queue holds its own copy
        await point.LogArtifactAsync("figures/curve.svg", "<svg/>"u8.ToArray());
        await point.FinishAsync();
    }

    private void AssertDelivered(TrackedRun point)
    {
        var run = _server.Run(point.RunId);
        Assert.That(run.Info["status"]!.GetValue<string>(), Is.EqualTo("FINISHED"));
        Assert.That(run.Metrics.Select(m => m.Step), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(run.Params.Single().Value, Is.EqualTo("http://***@host"), "masked before it was queued");
        Assert.That(run.Tags.Single(t => t.Key == "note").Value, Is.EqualTo("token ***"));
        var prefix = $"0/{point.RunId}/artifacts/";
        Assert.That(Encoding.UTF8.GetString(_server.Artifacts[prefix + "metrics.csv"]), Does.StartWith("epoch,loss"));
        Assert.That(_server.Artifacts[prefix + "checkpoint/model.bin"], Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(_server.Artifacts[prefix + "figures/curve.svg"], Is.EqualTo("<svg/>"u8.ToArray()));
        // In order: everything of the point before its final status.
        var accepted = _server.Accepted.Where(r => r.Body.Length > 0 && Encoding.UTF8.GetString(r.Body).Contains(point.RunId, StringComparison.Ordinal)
            || r.Path.Contains(point.RunId, StringComparison.Ordinal)).Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]).ToList();
        Assert.That(accepted.TakeLast(6), Is.EqualTo(new[] { "log-batch", "set-tag", "metrics.csv", "model.bin", "curve.svg", "update" }));
        Assert.That(Directory.Exists(OutboxRoot) && Directory.EnumerateFileSystemEntries(OutboxRoot).Any(), Is.False, "the queue is empty and removed");
    }

    [TestCase(503)]
    [TestCase(0)] // the server process is gone: connections are refused
    public async Task EndOfPoint_ServerAwayThenBack_EverythingArrivesInOrder_PointFinished(int outage)
    {
        await using var store = Store();
        var point = await StartPointAsync(store);
        if (outage == 0) _server.GoAway();
        else _server.Fail(1_000_000, outage);

        await EndPointAsync(point);

        Assert.That(point.Info.Status, Is.EqualTo(RunStatus.Finished), "the point does not fail because the server is away");
        Assert.That(_server.Run(point.RunId).Info["status"]!.GetValue<string>(), Is.EqualTo("RUNNING"));
        Assert.That(store.PendingRequests, Is.EqualTo(6));
        var runFolder = Path.Combine(store.OutboxFolder!, point.RunId);
        Assert.That(Directory.GetFiles(runFolder, "*.json"), Has.Length.EqualTo(6));
        Assert.That(Directory.GetFiles(runFolder).Select(File.ReadAllText), Has.None.Contain(Secret), "queued values are masked");
        Assert.That(_reports, Has.Some.Contain(store.OutboxFolder!).And.Contain("1 run status"));

        if (outage == 0) _server.ComeBack();
        else _server.Fail(0);
        await store.BackgroundDelivery.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(store.PendingRequests, Is.Zero);
        AssertDelivered(point);
        Assert.That(_reports[^1], Does.StartWith("Delivered 6 queued operation(s)"));
    }

    [Test]
    public async Task NewStore_OverTheSameOutbox_DeliversWhatAnEarlierProcessQueued()
    {
        TrackedRun point;
        await using (var first = Store(backgroundProbes: 0))
        {
            point = await StartPointAsync(first);
            _server.Fail(1_000_000, 503);
            await EndPointAsync(point);
            await first.FlushAsync(); // the end of the sweep: still away, kept on disk without throwing
            Assert.That(first.PendingRequests, Is.EqualTo(6));
        }
        _server.Fail(0);

        // A later `research run --resume`: its first request delivers the queue, before anything else.
        await using var second = Store();
        Assert.That(second.PendingRequests, Is.EqualTo(6));
        Assert.That(_reports, Has.Some.Contain("by an earlier run"));
        var read = await second.GetRunAsync(point.RunId);

        Assert.That(read.Info.Status, Is.EqualTo(RunStatus.Finished));
        Assert.That(second.PendingRequests, Is.Zero);
        AssertDelivered(point);
    }

    [Test]
    public async Task Flush_WithoutOutbox_ServerAway_StillThrows()
    {
        await using var store = new RestStore(_server.BaseUri, new RestStoreOptions
        {
            Retry = new RestRetryPolicy { MaxAttempts = 1, Delay = (_, _) => Task.CompletedTask },
        });
        var run = await store.CreateRunAsync("0", "r");
        _server.Fail(1_000_000, 503);
        await store.LogArtifactAsync(run.RunId, "a.txt", "x"u8.ToArray());

        Assert.ThrowsAsync<TrackingUnavailableException>(() => store.FlushAsync());
        Assert.That(store.OutboxFolder, Is.Null);
    }

    [Test]
    public async Task EndSweep_APointFailed_ParentEndsFailedWithTheSummaryTag()
    {
        await using var store = Store();
        var parent = await TrackedRun.StartAsync(store, "0", "sweep");

        await parent.EndSweepAsync(SweepStatus.Of([RunStatus.Finished, RunStatus.Failed], 2));

        var run = await store.GetRunAsync(parent.RunId);
        Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(run.Tags[SweepStatus.SummaryTag], Is.EqualTo("2 points: 1 finished, 1 failed"));
        Assert.That(run.Tags[MlflowTags.FailureReason], Does.StartWith("1 of 2 points did not finish"));
    }
}
