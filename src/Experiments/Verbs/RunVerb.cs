using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Research.Experiments.Hosting;
using Research.Experiments.Progress;
using Research.Experiments.Runner;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Verbs;

/// <summary>`research run SPEC`: validates, then trains every sweep point (or prints them with --dry-run).</summary>
public static class RunVerb
{
    public static async Task<int> RunAsync(RunRequest request, TextWriter output, TextWriter errors)
    {
        var spec = SpecErrors.TryLoad(request.SpecPath, request.Overrides, errors);
        if (spec is null) return ExitCodes.BadInput;
        IReadOnlyList<SweepPoint> points;
        try
        {
            points = Preflight.Points(request.SpecPath, spec);
        }
        catch (SpecException e)
        {
            SpecErrors.Print(e, errors);
            return ExitCodes.BadInput;
        }
        if (request.DryRun)
        {
            output.Write(DryRunTable.Format(points));
            output.WriteLine(RunBudget.Format(points));
            output.WriteLine("Nothing was run (--dry-run).");
            return ExitCodes.Ok;
        }
        if (PointTask.CheckRequest(request, points.Count, errors) is { } refused) return refused;
        if (request.Parallel < 1)
        {
            errors.WriteLine($"error: --parallel must be at least 1 (got {request.Parallel}); nothing was run or logged.");
            return ExitCodes.BadInput;
        }

        // Plain text before the host starts, so it shows on a terminal and in CI logs alike.
        output.WriteLine(RunBudget.Format(points));
        // --retry-failed is a kind of resume: the other points continue or stay as they are.
        var options = new RunnerOptions(request.SpecPath, request.TrackingUri, request.Parallel, request.Resume || request.RetryFailed,
            request.CheckpointRoot, request.RetryFailed);
        var terminal = RunnerHost.UseTerminalProgress();
        using var host = RunnerHost.Build(options, terminal);
        await host.StartAsync();
        try
        {
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var progress = host.Services.GetRequiredService<IRunProgress>();
            var runner = host.Services.GetRequiredService<SweepRunner>();
            var outcome = await progress.ShowAsync(() => request.Point is { } point // one point of a sweep (a Slurm array task)
                ? host.Services.GetRequiredService<PointTaskRunner>().RunAsync(spec, points, point, request.ParentRunId, stopping)
                : runner.RunAsync(spec, points, stopping));
            output.Write(RunSummary.Format(outcome));
            return outcome.ExitCode;
        }
        catch (TrackingUnavailableException e)
        {
            errors.WriteLine($"error: the tracking server is unreachable: {e.Message}");
            errors.WriteLine("Nothing was trained. Check --tracking-uri / MLFLOW_TRACKING_URI, or leave them unset to log to ./mlflow.db.");
            return ExitCodes.RunFailed;
        }
        catch (Exception e) when (e is TrackingException or NotSupportedException or InvalidDataException or IOException
                                      or InvalidOperationException or ArgumentException)
        {
            // Before any point ran: the store refused (e.g. a deleted experiment of that name), or the data could not be read or fetched.
            errors.WriteLine($"error: {e.Message}");
            errors.WriteLine("Nothing was trained.");
            return ExitCodes.RunFailed;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
