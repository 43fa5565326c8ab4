using System.Globalization;
using Microsoft.Extensions.Logging;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// `research run SPEC --point i [--parent RUN_ID]`: trains exactly one point of a sweep, as a child of
/// an existing parent run (a Slurm array task of `research submit`), or as a run of its own without
/// a parent. After its point, a task with a parent closes the parent if it was the last point to end
/// (<see cref="SweepClosing"/>). Ctrl-C or Slurm's SIGTERM (preemption, time limit) ends the point
/// KILLED with its checkpoint kept, and leaves the parent open: the requeued task resumes it.
/// </summary>
public sealed class PointTaskRunner(ILogger<PointTaskRunner> logger, RunnerOptions options, PointRunner pointRunner)
{
    public async Task<SweepOutcome> RunAsync(ExperimentSpec spec, IReadOnlyList<SweepPoint> points, int index, string? parentRunId,
        CancellationToken cancel)
    {
        var point = points[index];
        await using var store = TrackingStores.FromUri(options.TrackingUri ?? NullIfEmpty(spec.Tracking.Uri));
        TrackedRun? parent = null;
        string experimentId;
        if (parentRunId is null)
        {
            var experimentName = NullIfEmpty(spec.Tracking.Experiment) ?? spec.Name;
            experimentId = (await store.GetOrCreateExperimentAsync(experimentName, cancel)).ExperimentId;
        }
        else
        {
            var found = await store.GetRunAsync(parentRunId, cancel);
            if (found.Info.Status != RunStatus.Running)
                throw new InvalidOperationException($"The sweep's parent run {parentRunId} is already {found.Info.Status.ToMlflowName()}: " +
                    "it was closed (research finish-sweep?); submit the sweep again to run its points.");
            experimentId = found.Info.ExperimentId;
            parent = await TrackedRun.ResumeAsync(store, parentRunId, cancellationToken: cancel);
        }
        logger.LogInformation("point {Index} of {Count}{Parent}, tracking to {Uri}", index, points.Count,
            parentRunId is null ? "" : $" of sweep run {parentRunId}", store.TrackingUri);

        var data = new DataCache(message => logger.LogInformation("{Message}", message));
        PointResult result;
        try
        {
            result = await Task.Run(() => pointRunner.RunAsync(point, points.Count, data.Get(point.Spec.Data), store, experimentId, parent, cancel), cancel);
        }
        catch (OperationCanceledException)
        {
            await store.FlushAsync(CancellationToken.None);
            return new SweepOutcome(experimentId, parentRunId, [], Interrupted: true);
        }
        // The point index that closing counts by (a single spec's one point logs none of its own).
        await store.SetTagAsync(result.RunId, SweepChild.PointTag, index.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        if (parentRunId is not null)
        {
            var closer = SweepClosing.NewCloserId(SlurmTaskName());
            var (outcome, progress) = await SweepClosing.CloseIfCompleteAsync(store, parentRunId, points, closer, force: false, CancellationToken.None);
            logger.LogInformation("sweep run {RunId}: {Progress}; {Outcome}", parentRunId, progress.Describe(), outcome switch
            {
                SweepClosing.Outcome.Closed => $"this task closed it {progress.ClosingStatus.ToMlflowName()}",
                SweepClosing.Outcome.Pending => "left open for the points still to end",
                SweepClosing.Outcome.ClaimedByAnother => "another task is closing it",
                _ => "it was already closed",
            });
        }
        await store.FlushAsync(CancellationToken.None);
        return new SweepOutcome(experimentId, parentRunId, [result], Interrupted: false);
    }

    /// <summary>"job 12_3" inside a Slurm array task, else null.</summary>
    private static string? SlurmTaskName() =>
        Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { Length: > 0 } job
            ? $"slurm job {job}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}"
            : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
