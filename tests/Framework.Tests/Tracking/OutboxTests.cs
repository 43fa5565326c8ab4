using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class OutboxTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("outbox").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static OutboxEntry Post(string runId, string what) => new(0, runId, OutboxOperation.Post, "runs/log-batch", what, "{\"run_id\":\"" + runId + "\"}");

    [Test]
    public void FolderFor_Server_IsHostAndPortUnderTheRoot()
    {
        Assert.That(Outbox.FolderFor(_root, new Uri("http://mlflow.example.org:5000/")), Is.EqualTo(Path.Combine(_root, "mlflow.example.org_5000")));
        Assert.That(Outbox.FolderFor(_root, new Uri("https://h/base/path/")), Is.EqualTo(Path.Combine(_root, "h_443_base_path")));
    }

    [Test]
    public void Load_EntriesOfSeveralRuns_ComeBackInTheOrderTheyWereAdded()
    {
        var outbox = new Outbox(Path.Combine(_root, "h_1"));
        outbox.Add(Post("run-b", "first"));
        outbox.Add(Post("run-a", "second"));
        outbox.Add(new OutboxEntry(0, "run-b", OutboxOperation.Artifact, "figs/a.svg", "third"), content: "<svg/>"u8.ToArray());

        // A new instance over the same folder, as after a process restart.
        var again = new Outbox(Path.Combine(_root, "h_1"));
        var entries = again.Load();

        Assert.That(entries.Select(e => e.What), Is.EqualTo(new[] { "first", "second", "third" }));
        Assert.That(entries.Select(e => e.Sequence), Is.Ordered.Ascending);
        Assert.That(File.ReadAllBytes(again.ContentPath(entries[2])), Is.EqualTo("<svg/>"u8.ToArray()));
        Assert.That(Directory.GetFiles(Path.Combine(_root, "h_1"), "*.tmp-*", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
        var next = again.Add(Post("run-a", "fourth"));
        Assert.That(next.Sequence, Is.GreaterThan(entries[2].Sequence), "a restarted outbox continues after the last entry");
    }

    [Test]
    public void Add_ArtifactFromAFile_KeepsACopySoTheFileMayGo()
    {
        var outbox = new Outbox(Path.Combine(_root, "h_1"));
        var source = Path.Combine(_root, "model.bin");
        File.WriteAllBytes(source, [1, 2, 3]);

        var stored = outbox.Add(new OutboxEntry(0, "run", OutboxOperation.Artifact, "checkpoint/model.bin", "checkpoint"), sourceFile: source);
        File.Delete(source);

        Assert.That(File.ReadAllBytes(outbox.ContentPath(stored)), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(outbox.Load().Single().Target, Is.EqualTo("checkpoint/model.bin"));
    }

    [Test]
    public void Remove_LastEntries_RemovesTheRunAndServerFolders()
    {
        var folder = Path.Combine(_root, "h_1");
        var outbox = new Outbox(folder);
        var a = outbox.Add(Post("run-a", "a"));
        var b = outbox.Add(new OutboxEntry(0, "run-b", OutboxOperation.Artifact, "x.txt", "b"), content: [42]);

        outbox.Remove(a);
        Assert.That(Directory.Exists(outbox.RunFolder("run-a")), Is.False);
        Assert.That(outbox.Load().Single().What, Is.EqualTo("b"));

        outbox.Remove(b);
        Assert.That(Directory.Exists(folder), Is.False);
        Assert.That(outbox.Load(), Is.Empty);
    }
}
