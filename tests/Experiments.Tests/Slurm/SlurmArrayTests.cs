using System.Diagnostics;
using System.Text.RegularExpressions;
using Research.Experiments.Runner;
using Research.Experiments.Tests.Runner;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Slurm;

/// <summary>
/// `research submit --slurm` against a real Slurm cluster (tools/slurm/setup-local.sh makes a one-node
/// one on localhost, and .ci/run calls it): a 3-point tiny sweep as one job array into a SQLite store,
/// then the store holds one parent with three nested children, all FINISHED, the parent's summary
/// listing them. Skipped, with the reason, where sbatch is missing or the cluster does not answer.
/// </summary>
public partial class SlurmArrayTests
{
    private static readonly TimeSpan ArrayTimeout = TimeSpan.FromMinutes(2.5);

    [GeneratedRegex(@"Submitted Slurm job array (?<id>\d+)")]
    private static partial Regex Submitted();

    [Test]
    public async Task Submit_ThreePointSweepOnLocalSlurm_ParentAndThreeFinishedChildren()
    {
        await SkipUnlessSlurmAnswersAsync();
        using var folder = new TempFolder();
        var spec = folder.File("tiny.yaml", TinySpecs.Yaml("slurm-tiny", epochs: 1, extra: "sweep: { grid: { objective.beta: [0.5, 1.0, 2.0] } }"));
        var database = Path.Combine(folder.Path, "mlflow.db");
        var (code, stdout, stderr) = await ResearchAsync(folder.Path, "submit", spec, "--slurm", "--tracking-uri", $"sqlite:///{database}",
            "--checkpoint-dir", Path.Combine(folder.Path, "ck"), "--job-dir", Path.Combine(folder.Path, "jobs"), "--cpus-per-task", "1",
            "--set", "train.threads=1");
        Assert.That(code, Is.EqualTo(0), $"research submit\n{stdout}\n{stderr}");
        TestContext.Out.WriteLine(stdout);
        var jobId = Submitted().Match(stdout).Groups["id"].Value;

        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (_, queue, _) = await ToolAsync("squeue", "-h", "-j", jobId, "-o", "%i %T");
            if (queue.Trim().Length == 0) break;
            if (waited.Elapsed > ArrayTimeout)
            {
                await ToolAsync("scancel", jobId);
                Assert.Fail($"job array {jobId} still queued or running after {ArrayTimeout.TotalSeconds:0} s:\n{queue}\n{TaskOutput(folder)}");
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        TestContext.Out.WriteLine($"job array {jobId} done after {waited.Elapsed.TotalSeconds:0.0} s");

        await using var store = new SqliteStore(database);
        var experiment = (await store.ListExperimentsAsync()).Single(e => e.Name == "slurm-tiny");
        var runs = await store.SearchRunsAsync(experiment.ExperimentId);
        var parent = runs.Where(r => r.ParentRunId is null).ToArray();
        Assert.That(parent, Has.Length.EqualTo(1), TaskOutput(folder));
        var children = runs.Where(r => r.ParentRunId == parent[0].Info.RunId).ToArray();
        Assert.That(children, Has.Length.EqualTo(3), TaskOutput(folder));
        Assert.That(runs, Has.Count.EqualTo(4));
        Assert.That(children.Select(c => c.Info.Status), Is.All.EqualTo(RunStatus.Finished), TaskOutput(folder));
        Assert.That(children.Select(c => c.Tags[SweepChild.PointTag]).Order(), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(parent[0].Info.Status, Is.EqualTo(RunStatus.Finished), TaskOutput(folder));
        Assert.That(parent[0].Tags["slurm.job_id"], Is.EqualTo(jobId));
        Assert.That(parent[0].Params[SweepClosing.ClaimParam], Does.StartWith($"slurm job {jobId}_"));
        var summary = File.ReadAllText(Path.Combine(new Uri(parent[0].Info.ArtifactUri).LocalPath, "summary.md"));
        foreach (var child in children) Assert.That(summary, Does.Contain(child.Info.RunId));
    }

    /// <summary>Ignores the test, saying why, unless sbatch, squeue and sinfo are here and a node is up.</summary>
    private static async Task SkipUnlessSlurmAnswersAsync()
    {
        var missing = new[] { "sbatch", "squeue", "sinfo", "scancel" }.Where(tool => !OnPath(tool)).ToArray();
        if (missing.Length > 0)
            Assert.Ignore($"Slurm is not installed here ({string.Join(", ", missing)} not on PATH): run tools/slurm/setup-local.sh as root for a one-node cluster.");
        var (code, states, errors) = await ToolAsync("sinfo", "-h", "-o", "%T");
        if (code != 0 || !states.Split('\n').Any(s => s.Trim() is "idle" or "mixed" or "allocated" or "completing"))
            Assert.Ignore($"the Slurm cluster does not answer or has no node up (sinfo exit {code}: {(states + errors).Trim()}): " +
                "run tools/slurm/setup-local.sh as root for a one-node cluster.");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));

    private static string TaskOutput(TempFolder folder)
    {
        var jobs = Path.Combine(folder.Path, "jobs");
        if (!Directory.Exists(jobs)) return "(no task output)";
        return string.Join("\n", Directory.EnumerateFiles(jobs, "slurm-*.out", SearchOption.AllDirectories).Order()
            .Select(f => $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(15))}"));
    }

    private static Task<(int Code, string Stdout, string Stderr)> ResearchAsync(string workingFolder, params string[] arguments) =>
        StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "research.dll"), .. arguments], workingFolder, TimeSpan.FromMinutes(1));

    private static Task<(int Code, string Stdout, string Stderr)> ToolAsync(string tool, params string[] arguments) =>
        StartAsync(tool, arguments, null, TimeSpan.FromSeconds(20));

    private static async Task<(int Code, string Stdout, string Stderr)> StartAsync(string program, string[] arguments, string? workingFolder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["CI"] = "true" } };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (workingFolder is not null) start.WorkingDirectory = workingFolder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, $"{program} did not end within {timeout.TotalSeconds:0} s\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
