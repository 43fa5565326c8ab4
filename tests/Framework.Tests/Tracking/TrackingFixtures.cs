using System.Text.Json.Nodes;

namespace Research.Framework.Tests.Tracking;

/// <summary>The MLflow reference fixtures copied next to the test assembly, and small helpers.</summary>
internal static class TrackingFixtures
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Tracking", "Fixtures");

    /// <summary>The file store written by MLflow 3.6 (empty folders are not in git: see <see cref="ReferenceTree"/>).</summary>
    public static string ReferenceStore => Path.Combine(Directory, "filestore-mlruns");

    /// <summary>Every folder and file of the reference store, as `find .` listed it (relative, './' removed).</summary>
    public static IReadOnlyList<string> ReferenceTree =>
        File.ReadAllLines(Path.Combine(Directory, "filestore-tree.txt"))
            .Where(l => l.Length > 0 && l != ".")
            .Select(l => l.StartsWith("./", StringComparison.Ordinal) ? l[2..] : l)
            .ToList();

    /// <summary>One recorded REST exchange (rest/NN-*.json).</summary>
    public static JsonObject Exchange(string number)
    {
        var file = System.IO.Directory.GetFiles(Path.Combine(Directory, "rest"), number + "-*.json").Single();
        return JsonNode.Parse(File.ReadAllText(file))!.AsObject();
    }

    /// <summary>The response message recorded in an exchange.</summary>
    public static string RecordedMessage(string number) => Exchange(number)["response_body"]!["message"]!.GetValue<string>();
}

/// <summary>A clock that stands still until moved.</summary>
internal sealed class ManualClock(long startMs = 1_700_000_000_000) : TimeProvider
{
    private long _nowMs = startMs;

    public long NowMs => Interlocked.Read(ref _nowMs);

    public void Advance(long ms) => Interlocked.Add(ref _nowMs, ms);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
}
