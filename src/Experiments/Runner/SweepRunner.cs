using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Research.Experiments.Artifacts;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Runs every point of a spec: one MLflow run for a single spec; for a sweep, a parent run with one
/// child run per point (so the MLflow UI nests them), the summary table and comparison figures on
/// the parent. Points run one after another, or <c>--parallel N</c> at once sharing the cores.
/// A failed point does not stop the others; Ctrl-C stops the sweep (the current points end KILLED).
/// </summary>
/// <param name="openStore">Opens the tracking store of a URI (default <see cref="TrackingStores.FromUri"/>; tests pass a failing one).</param>
public sealed class SweepRunner(ILogger<SweepRunner> logger, RunnerOptions options, PointRunner pointRunner,
    Func<string?, ITrackingStore>? openStore = null)
{
    public async Task<SweepOutcome> RunAsync(ExperimentSpec spec, IReadOnlyList<SweepPoint> points, CancellationToken cancel)
    {
        await using var store = (openStore ?? (uri => TrackingStores.FromUri(uri, report: m => logger.LogWarning("{Message}", m))))(options.TrackingUri ?? NullIfEmpty(spec.Tracking.Uri));
        var experimentName = NullIfEmpty(spec.Tracking.Experiment) ?? spec.Name;
        var experiment = await store.GetOrCreateExperimentAsync(experimentName, cancel);
        logger.LogInformation("tracking to {Uri}, experiment '{Experiment}' (id {Id})", store.TrackingUri, experimentName, experiment.ExperimentId);

        var data = new DataCache(message => logger.LogInformation("{Message}", message));
        foreach (var dataSpec in points.Select(p => p.Spec.Data).Distinct()) data.Get(dataSpec); // fail on data before any run exists

        var parent = spec.Sweep is null ? null : await StartParentAsync(spec, points.Count, store, experiment.ExperimentId, cancel);
        var results = new PointResult?[points.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, points.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallel), CancellationToken = cancel },
                async (i, token) => results[i] = await Task.Run(() =>
                    pointRunner.RunAsync(points[i], points.Count, data.Get(points[i].Spec.Data), store, experiment.ExperimentId, parent, token), token));
        }
        catch (OperationCanceledException)
        {
            if (parent is not null) await parent.KillAsync(CancellationToken.None);
            await store.FlushAsync(CancellationToken.None);
            return new SweepOutcome(experiment.ExperimentId, parent?.RunId, Completed(results), Interrupted: true);
        }
        catch (Exception e) when (parent is not null)
        {
            // A point that could not even start its run (the tracking store refused it, or is full): the
            // sweep stops, and its parent run must not stay RUNNING in the UI.
            var unwritten = await RunEnding.FailAsync(parent, e.Message);
            await TryFlushAsync(store);
            // Nothing trained: the error is the whole story. Otherwise what was trained is reported with it.
            if (Completed(results).Count == 0) throw;
            return new SweepOutcome(experiment.ExperimentId, parent.RunId, Completed(results), Interrupted: false,
                StoppedBy: unwritten is null ? e.Message : $"{e.Message}; {unwritten}");
        }

        var finished = Completed(results);
        try
        {
            if (parent is not null)
            {
                foreach (var artifact in SweepArtifacts.Render(finished))
                    await parent.LogArtifactAsync(artifact.Path, artifact.Content, CancellationToken.None);
                await parent.EndSweepAsync(SweepStatus.Of(finished.Select(p => p.Status).ToList(), points.Count), CancellationToken.None);
            }
            await store.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrackingException)
        {
            // The points are done; only the sweep's summary could not be stored (e.g. no space left).
            var unwritten = parent is null ? null : await RunEnding.FailAsync(parent, $"summary not written: {e.Message}");
            return new SweepOutcome(experiment.ExperimentId, parent?.RunId, finished, Interrupted: false,
                StoppedBy: $"the sweep's summary could not be written: {e.Message}{(unwritten is null ? "" : "; " + unwritten)}");
        }
        return new SweepOutcome(experiment.ExperimentId, parent?.RunId, finished, Interrupted: false);
    }

    private async Task TryFlushAsync(ITrackingStore store)
    {
        try
        {
            await store.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("could not flush the tracking store: {Reason}", e.Message);
        }
    }

    private static List<PointResult> Completed(PointResult?[] results) => results.OfType<PointResult>().ToList();

    /// <summary>The sweep's parent run: a new one, or with --resume the one this sweep started before.</summary>
    private async Task<TrackedRun> StartParentAsync(ExperimentSpec spec, int pointCount, ITrackingStore store, string experimentId, CancellationToken cancel)
    {
        var statePath = Path.Combine(CheckpointFolder.Of(options.CheckpointRoot, spec.Name), $"sweep-{Hash(SpecWriter.ToYaml(spec))}.json");
        if (options.Resume && File.Exists(statePath))
        {
            var parentId = JsonSerializer.Deserialize<SweepState>(File.ReadAllText(statePath))!.ParentRunId;
            logger.LogInformation("resuming sweep run {RunId}", parentId);
            return await TrackedRun.ResumeAsync(store, parentId, cancellationToken: cancel);
        }
        var parent = await TrackedRun.StartAsync(store, experimentId, spec.Name, RunSource.Detect().ToTags(), cancellationToken: cancel);
        await parent.SetTagAsync("spec.file", options.SpecPath, cancel);
        await parent.SetTagAsync("sweep.points", pointCount.ToString(System.Globalization.CultureInfo.InvariantCulture), cancel);
        await parent.LogTextArtifactAsync("sweep.yaml", SpecWriter.ToYaml(spec), cancel);
        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        File.WriteAllText(statePath, JsonSerializer.Serialize(new SweepState(parent.RunId)));
        logger.LogInformation("sweep of {Count} points: parent run {RunId}", pointCount, parent.RunId);
        return parent;
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private sealed record SweepState(string ParentRunId);
}
