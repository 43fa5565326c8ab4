using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Research.Experiments.Runner;
using Research.Experiments.Slurm;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research submit SPEC --slurm`: validates the spec and every point, creates the sweep's parent run
/// in the (shared) tracking store, writes an sbatch script of one job array (task i trains point i
/// under that parent) and submits it with sbatch; with --dry-run it only writes the script.
/// </summary>
/// <remarks>
/// Devices and memory are not checked here: the login node that submits may have no GPU; each task
/// checks its own node when it starts. The parent run is closed by the last task to end, or by
/// `research finish-sweep`.
/// </remarks>
public static class SubmitVerb
{
    /// <summary>Tag of the parent run: the <c>--set</c> overrides of the submission (a JSON list), read back by finish-sweep.</summary>
    public const string OverridesTag = "sweep.overrides";

    public const string JobIdTag = "slurm.job_id";

    public static async Task<int> RunAsync(SubmitRequest request, TextWriter output, TextWriter errors, CancellationToken cancel = default)
    {
        if (!request.Slurm)
        {
            errors.WriteLine("error: choose a launcher: --slurm (one Slurm job array, a task per sweep point) is the one there is.");
            return ExitCodes.BadInput;
        }
        if (request.Resources.ArrayParallelism is < 1 || request.Resources.CpusPerTask is < 1 || request.Resources.Gpus is < 0)
        {
            errors.WriteLine("error: --array-parallelism and --cpus-per-task must be at least 1, --gpus at least 0.");
            return ExitCodes.BadInput;
        }
        var spec = SpecErrors.TryLoad(request.SpecPath, request.Overrides, errors);
        if (spec is null) return ExitCodes.BadInput;
        IReadOnlyList<SweepPoint> points;
        try
        {
            points = SweepExpander.ExpandAll(spec);
        }
        catch (SpecException e)
        {
            SpecErrors.Print(e, errors);
            return ExitCodes.BadInput;
        }

        string trackingUri;
        try
        {
            trackingUri = SharedTrackingUri.Of(TrackingStores.ResolveUri(request.TrackingUri ?? NullIfEmpty(spec.Tracking.Uri)));
        }
        catch (NotSupportedException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var specPath = Path.GetFullPath(request.SpecPath);
        if (request.DryRun)
        {
            var script = WriteScript(request, spec, points, specPath, trackingUri, "DRY-RUN");
            output.WriteLine($"{points.Count} point(s); the sbatch script is {script} (its --parent DRY-RUN is a placeholder).");
            output.WriteLine("Nothing was submitted and no run was created (--dry-run).");
            return ExitCodes.Ok;
        }

        await using var store = TrackingStores.FromUri(trackingUri);
        TrackedRun parent;
        try
        {
            var experiment = await store.GetOrCreateExperimentAsync(NullIfEmpty(spec.Tracking.Experiment) ?? spec.Name, cancel);
            parent = await TrackedRun.StartAsync(store, experiment.ExperimentId, spec.Name, RunSource.Detect().ToTags(), cancellationToken: cancel);
            await parent.SetTagAsync("spec.file", specPath, cancel);
            await parent.SetTagAsync("sweep.points", points.Count.ToString(CultureInfo.InvariantCulture), cancel);
            await parent.SetTagAsync("sweep.launcher", "slurm", cancel);
            await parent.SetTagAsync(OverridesTag, JsonSerializer.Serialize(request.Overrides), cancel);
            await parent.LogTextArtifactAsync("sweep.yaml", SpecWriter.ToYaml(spec), cancel);
        }
        catch (Exception e) when (e is TrackingException or IOException or InvalidOperationException)
        {
            errors.WriteLine($"error: the tracking store refused the sweep's parent run: {e.Message}");
            return ExitCodes.RunFailed;
        }

        var path = WriteScript(request, spec, points, specPath, trackingUri, parent.RunId);
        var (code, stdout, stderr) = await SbatchAsync(path, cancel);
        var jobId = code == 0 ? SbatchOutput.JobId(stdout) : null;
        if (jobId is null)
        {
            var reason = $"sbatch failed (exit {code}): {(stderr + stdout).Trim()}";
            errors.WriteLine($"error: {reason}");
            errors.WriteLine($"The script is {path}; the parent run {parent.RunId} is marked FAILED.");
            await parent.FailAsync(reason, CancellationToken.None);
            await store.FlushAsync(CancellationToken.None);
            return ExitCodes.RunFailed;
        }
        await parent.SetTagAsync(JobIdTag, jobId, cancel);
        await store.FlushAsync(cancel);
        output.WriteLine($"Submitted Slurm job array {jobId}: {points.Count} task(s), sweep run {parent.RunId} in {trackingUri}.");
        output.WriteLine($"  script:  {path}");
        output.WriteLine($"  follow:  squeue -j {jobId}   (sacct -j {jobId} where accounting is on)");
        output.WriteLine($"  output:  {Path.Combine(Path.GetDirectoryName(path)!, $"slurm-{jobId}_<task>.out")}");
        output.WriteLine($"  results: research compare {NullIfEmpty(spec.Tracking.Experiment) ?? spec.Name} --parent {parent.RunId} --tracking-uri {trackingUri}");
        output.WriteLine($"The last task to end closes the sweep run; if tasks were cancelled, close it with: research finish-sweep {parent.RunId} --tracking-uri {trackingUri}");
        return ExitCodes.Ok;
    }

    /// <summary>The `research` program this process runs as: the dotnet host and the research dll, or the apphost alone.</summary>
    public static IReadOnlyList<string> CurrentProgram()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(SubmitVerb).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? [process, dll] : [process];
    }

    private static string WriteScript(SubmitRequest request, ExperimentSpec spec, IReadOnlyList<SweepPoint> points, string specPath,
        string trackingUri, string parentRunId)
    {
        var folder = Path.GetFullPath(Path.Combine(request.JobFolder, $"{spec.Name}-{parentRunId}"));
        Directory.CreateDirectory(folder);
        var command = CurrentProgram().Concat(["run", specPath]).Concat(request.Overrides.SelectMany(o => new[] { "--set", o })).ToArray();
        var job = new SbatchJob(spec.Name, points.Count, command, parentRunId, trackingUri,
            Path.GetFullPath(Path.Combine(request.CheckpointRoot, $"slurm-{parentRunId}")), Directory.GetCurrentDirectory(), folder, request.Resources);
        var path = Path.Combine(folder, "sweep.sbatch");
        File.WriteAllText(path, SbatchScript.Render(job));
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> SbatchAsync(string script, CancellationToken cancel)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "--parsable", script } };
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            await process.WaitForExitAsync(cancel);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"cannot start sbatch ({e.Message}): is Slurm installed on this node?");
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
