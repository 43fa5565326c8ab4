using System.Globalization;
using Microsoft.Extensions.Logging;
using Research.Experiments.Artifacts;
using Research.Experiments.Progress;
using Research.Framework.Data;
using Research.Framework.Nn;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Trains, evaluates and logs one sweep point into its MLflow run: params (the flattened resolved
/// spec), metrics per epoch, and at the end the resolved YAML, a metrics CSV, the figures and the
/// final parameters. A non-finite loss or a component that refuses the spec ends the point FAILED
/// with the reason (the sweep goes on); Ctrl-C ends it KILLED, keeping everything logged so far.
/// Checkpoints every <c>train.checkpoint_every</c> epochs let <c>--resume</c> continue it exactly.
/// </summary>
public sealed class PointRunner(ILogger<PointRunner> logger, RunnerOptions options, IRunProgress progress)
{
    public async Task<PointResult> RunAsync(SweepPoint point, int pointCount, (Dataset Train, Dataset Test) data,
        ITrackingStore store, string experimentId, TrackedRun? parent, CancellationToken cancel)
    {
        var spec = point.Spec;
        var checkpoint = new Checkpoint(CheckpointDirectory(spec));
        var saved = options.Resume ? checkpoint.TryRead() : null;
        if (!options.Resume) checkpoint.Clear();
        if (saved is { Completed: true })
        {
            logger.LogInformation("point {Index}: already completed in run {RunId} (resumed sweep), not run again", point.Index, saved.RunId);
            return new PointResult(point, saved.RunId, saved.FailureReason is null ? RunStatus.Finished : RunStatus.Failed, saved.FailureReason, saved.History);
        }

        var run = saved is null
            ? await StartRunAsync(point, store, experimentId, parent, cancel)
            : await TrackedRun.ResumeAsync(store, saved.RunId, cancellationToken: cancel);
        if (saved is null) await DescribeAsync(run, point, cancel);
        var state = saved ?? new CheckpointState(0, 0, 0, run.RunId, parent?.RunId, "", [], double.NegativeInfinity, 0, false, null);
        IPointProgress? bar = null;
        try
        {
            var session = new TrainingSession(spec, data.Train, DataSource.EvaluationData(spec, data.Test), sharingPoints: options.Parallel);
            if (saved is not null) checkpoint.Restore(saved, session);
            logger.LogInformation("point {Index} ({Name}): run {RunId}, {Parameters} parameters, {Steps} steps per epoch{Resumed}",
                point.Index, RunName(point), run.RunId, session.Model.ParameterCount(), session.StepsPerEpoch,
                saved is null ? "" : $", resumed after epoch {saved.Epoch}");
            bar = progress.StartPoint(point, pointCount, state.Epoch + 1, spec.Train.Epochs, session.StepsPerEpoch);
            state = await TrainAsync(spec, session, state, checkpoint, run, bar, cancel);
            await LogHistoryAsync(run, state.History);
            if (state.FailureReason is not null)
            {
                logger.LogWarning("point {Index} failed: {Reason}", point.Index, state.FailureReason);
                await run.FailAsync(state.FailureReason, CancellationToken.None);
                return End(bar, new PointResult(point, run.RunId, RunStatus.Failed, state.FailureReason, state.History));
            }
            await LogFinalArtifactsAsync(run, spec, session, state, checkpoint);
            await run.FinishAsync(CancellationToken.None);
            return End(bar, new PointResult(point, run.RunId, RunStatus.Finished, null, state.History));
        }
        catch (OperationCanceledException)
        {
            await run.KillAsync(CancellationToken.None);
            logger.LogWarning("point {Index} interrupted: run {RunId} marked KILLED; `--resume` continues it from its last checkpoint", point.Index, run.RunId);
            bar?.End(new PointResult(point, run.RunId, RunStatus.Killed, "interrupted", state.History));
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A combination the components refuse (e.g. a VampPrior with a ladder posterior), an unreadable
            // checkpoint, or a bug: this point ends FAILED with the reason, the sweep goes on.
            logger.LogError(e, "point {Index} failed: {Reason}", point.Index, e.Message);
            await run.FailAsync(e.Message, CancellationToken.None);
            checkpoint.WriteState(state with { Completed = true, FailureReason = e.Message });
            return End(bar, new PointResult(point, run.RunId, RunStatus.Failed, e.Message, state.History));
        }
    }

    private static PointResult End(IPointProgress? bar, PointResult result)
    {
        bar?.End(result);
        return result;
    }

    /// <summary>The epochs after the saved state's, each logged and checkpointed; returns the final state.</summary>
    private async Task<CheckpointState> TrainAsync(ExperimentSpec spec, TrainingSession session, CheckpointState state,
        Checkpoint checkpoint, TrackedRun run, IPointProgress bar, CancellationToken cancel)
    {
        var epochs = spec.Train.Epochs;
        for (var epoch = state.Epoch + 1; epoch <= epochs; epoch++)
        {
            var outcome = session.TrainEpoch(epoch, state.Step, (batch, loss) => bar.Step(epoch, batch, loss), cancel);
            if (outcome.Log is null)
            {
                state = state with { Completed = true, FailureReason = outcome.FailureReason };
                checkpoint.WriteState(state);
                return state;
            }
            var log = outcome.Log;
            var evaluate = EvaluatesAfter(epoch, spec);
            if (evaluate) log = log with { Test = session.Evaluate(epoch, cancel, (done, total) => bar.Evaluating(epoch, done, total)) };
            state = EarlyStopping.Update(state with { Epoch = epoch, Step = log.Step, History = [.. state.History, log] }, log, spec.Train.EarlyStopping);
            await run.LogMetricsAsync(log.Metrics(), epoch, CancellationToken.None);
            bar.Epoch(log, epochs);
            var stopsEarly = EarlyStopping.ShouldStop(state, spec.Train.EarlyStopping);
            if (stopsEarly)
            {
                await run.SetTagAsync("early_stopping.epoch", epoch.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                logger.LogInformation("early stopping after epoch {Epoch}: no improvement of the test log-likelihood in {Patience} evaluations",
                    epoch, spec.Train.EarlyStopping.Patience);
            }
            var last = epoch == epochs || stopsEarly;
            if (last) state = state with { Completed = true };
            if (last || (spec.Train.CheckpointEvery > 0 && epoch % spec.Train.CheckpointEvery == 0)) state = checkpoint.Write(state, session);
            if (last) break;
        }
        return state;
    }

    /// <summary>Evaluation every <c>eval.every_epochs</c> epochs (0: never before the end) and after the last epoch.</summary>
    public static bool EvaluatesAfter(int epoch, ExperimentSpec spec) =>
        (spec.Eval.EveryEpochs > 0 && epoch % spec.Eval.EveryEpochs == 0) || epoch == spec.Train.Epochs;

    private static async Task<TrackedRun> StartRunAsync(SweepPoint point, ITrackingStore store, string experimentId, TrackedRun? parent,
        CancellationToken cancel)
    {
        var tags = RunSource.Detect().ToTags();
        return parent is null
            ? await TrackedRun.StartAsync(store, experimentId, RunName(point), tags, cancellationToken: cancel)
            : await parent.StartChildAsync(RunName(point), tags, cancel);
    }

    /// <summary>Tags, params and the resolved spec: logged before training, so a failed point still shows what it was.</summary>
    private async Task DescribeAsync(TrackedRun run, SweepPoint point, CancellationToken cancel)
    {
        await run.SetTagAsync("spec.file", options.SpecPath, cancel);
        if (point.Overrides.Count > 0)
        {
            await run.SetTagAsync("sweep.point", point.Index.ToString(CultureInfo.InvariantCulture), cancel);
            await run.SetTagAsync("sweep.values", SweepValues(point), cancel);
        }
        await run.LogParamsAsync(SpecParams.Flatten(point.Spec).Select(p => KeyValuePair.Create<string, object?>(p.Key, p.Value)), cancel);
        await run.LogTextArtifactAsync("spec.yaml", SpecWriter.ToYaml(point.Spec), cancel);
    }

    /// <summary>A point's run name: the spec's name, then the swept values ("iwae, k=5").</summary>
    public static string RunName(SweepPoint point) =>
        point.Overrides.Count == 0 ? point.Spec.Name : $"{point.Spec.Name} {SweepValues(point)}";

    private static string SweepValues(SweepPoint point) => SweptKeys.Label(point, [.. point.Overrides.Keys]);

    /// <summary>A point's checkpoint folder, keyed by the hash of its resolved spec (so a changed spec never resumes a stale checkpoint).</summary>
    private string CheckpointDirectory(ExperimentSpec spec)
    {
        return Path.Combine(CheckpointFolder.Of(options.CheckpointRoot, spec.Name), SweepRunner.Hash(SpecWriter.ToYaml(spec)));
    }

    private async Task LogFinalArtifactsAsync(TrackedRun run, ExperimentSpec spec, TrainingSession session, CheckpointState state, Checkpoint checkpoint)
    {
        await run.LogArtifactFileAsync(checkpoint.ModelPath(state), "checkpoint/model.bin", CancellationToken.None);
        IReadOnlyList<Artifact> figures;
        using (session.UseThreads())
            figures = RunFigures.Render(session.Model, session.EvaluationData, state.History, session.KlSchedule, session.TotalSteps, RngKeys.Figures(spec.Seed));
        foreach (var artifact in figures)
            await run.LogArtifactAsync(artifact.Path, artifact.Content, CancellationToken.None);
    }

    /// <summary>The whole history as a CSV artifact (one row per epoch, the same names as the metrics).</summary>
    private static async Task LogHistoryAsync(TrackedRun run, IReadOnlyList<EpochLog> history)
    {
        if (history.Count == 0) return;
        await run.LogTextArtifactAsync("metrics.csv", EpochLog.ToCsv(history), CancellationToken.None);
    }
}
