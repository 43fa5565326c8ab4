using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Framework.Tracking;

/// <summary>
/// A durable, ordered queue of the writes one tracking server could not take: a folder
/// (<c>&lt;root&gt;/&lt;host_port&gt;/</c>) with one subfolder per run holding
/// <c>&lt;sequence&gt;.json</c> (the <see cref="OutboxEntry"/>) and, for an artifact,
/// <c>&lt;sequence&gt;.bin</c> (its bytes). Files are written to a temporary name and renamed, the
/// bytes before the entry, so an entry that exists is whole: a crash leaves no half entry. Folders
/// are removed once emptied. Thread-safe within a process; two processes delivering the same
/// folder at once may send an entry twice.
/// </summary>
public sealed class Outbox
{
    private const string EntryExtension = ".json";
    private const string ContentExtension = ".bin";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly object _gate = new();
    private long _lastSequence = -1;

    public Outbox(string folder) => Folder = Path.GetFullPath(folder);

    /// <summary>The folder of this server's queue (absent while nothing is queued).</summary>
    public string Folder { get; }

    /// <summary>The queue folder of <paramref name="server"/> under <paramref name="root"/>: <c>root/host_port</c>, plus the base path if any.</summary>
    public static string FolderFor(string root, Uri server)
    {
        var path = server.AbsolutePath.Trim('/');
        var key = $"{server.Host}_{server.Port}" + (path.Length == 0 ? "" : "_" + path.Replace('/', '_'));
        foreach (var bad in Path.GetInvalidFileNameChars()) key = key.Replace(bad, '_');
        return Path.Combine(root, key);
    }

    /// <summary>Where the entries of one run are kept.</summary>
    public string RunFolder(string runId) => Path.Combine(Folder, runId);

    /// <summary>Every whole entry, in the order it was added.</summary>
    public IReadOnlyList<OutboxEntry> Load()
    {
        lock (_gate)
        {
            if (!Directory.Exists(Folder)) return [];
            var entries = Directory.EnumerateFiles(Folder, "*" + EntryExtension, SearchOption.AllDirectories)
                .Select(file => JsonSerializer.Deserialize<OutboxEntry>(File.ReadAllBytes(file), Json)!)
                .OrderBy(e => e.Sequence)
                .ToList();
            _lastSequence = Math.Max(_lastSequence, entries.Count == 0 ? 0 : entries[^1].Sequence);
            return entries;
        }
    }

    /// <summary>
    /// Writes an entry after every earlier one; an artifact's bytes come from <paramref name="content"/>
    /// or are copied from <paramref name="sourceFile"/> (so a file removed later is still delivered).
    /// Returns the entry as stored (with its sequence and content file).
    /// </summary>
    public OutboxEntry Add(OutboxEntry entry, byte[]? content = null, string? sourceFile = null)
    {
        lock (_gate)
        {
            if (_lastSequence < 0) Load();
            var folder = RunFolder(entry.RunId);
            Directory.CreateDirectory(folder);
            while (true)
            {
                var sequence = ++_lastSequence;
                var name = sequence.ToString("D12", CultureInfo.InvariantCulture);
                var entryPath = Path.Combine(folder, name + EntryExtension);
                if (File.Exists(entryPath)) continue; // another process took this number
                var stored = entry with { Sequence = sequence };
                if (entry.Operation == OutboxOperation.Artifact)
                {
                    var contentPath = Path.Combine(folder, name + ContentExtension);
                    WriteAtomically(contentPath, temp =>
                    {
                        if (content is not null) File.WriteAllBytes(temp, content);
                        else File.Copy(sourceFile ?? throw new ArgumentException("An artifact entry needs its bytes or a file.", nameof(sourceFile)), temp);
                    });
                    stored = stored with { ContentFile = name + ContentExtension };
                }
                try
                {
                    WriteAtomically(entryPath, temp => File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(stored, Json)));
                }
                catch (IOException) when (File.Exists(entryPath))
                {
                    continue; // lost the name to another process between the check and the rename
                }
                return stored;
            }
        }
    }

    /// <summary>The full path of an artifact entry's bytes.</summary>
    public string ContentPath(OutboxEntry entry) =>
        Path.Combine(RunFolder(entry.RunId), entry.ContentFile ?? throw new ArgumentException($"Entry {entry.Sequence} has no content.", nameof(entry)));

    /// <summary>Deletes a delivered entry, and its run folder and the queue folder once they are empty.</summary>
    public void Remove(OutboxEntry entry)
    {
        lock (_gate)
        {
            var folder = RunFolder(entry.RunId);
            File.Delete(Path.Combine(folder, entry.Sequence.ToString("D12", CultureInfo.InvariantCulture) + EntryExtension));
            if (entry.ContentFile is not null) File.Delete(Path.Combine(folder, entry.ContentFile));
            DeleteIfEmpty(folder);
            DeleteIfEmpty(Folder);
        }
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            write(temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void DeleteIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (IOException)
        {
            // Another writer added to it meanwhile: it stays.
        }
    }
}
