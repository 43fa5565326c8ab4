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
        if (!options.Resume) checkpoint.Clear();
        foreach (var leftover in checkpoint.RemoveTemporaryFiles())
            logger.LogInformation("point {Index}: removed {File}, left by a checkpoint write that never finished", point.Index, leftover);
        var saved = options.Resume ? checkpoint.TryRead() : null;
        var stored = saved is null ? RunStatus.Running : (await store.GetRunAsync(saved.RunId, cancel)).Info.Status;
        var action = PointResume.Decide(saved, stored, options.RetryFailed);
        switch (action)
        {
            case ResumeAction.Skip:
                logger.LogInformation("point {Index}: already FINISHED in run {RunId} (resumed sweep), not run again", point.Index, saved!.RunId);
                return new PointResult(point, saved.RunId, RunStatus.Finished, null, saved.History);
            case ResumeAction.SkipFailed:
                var hint = PointResume.NotRetried(point.Index, saved!.RunId, saved.FailureReason!);
                logger.LogWarning("{Hint}", hint);
                return new PointResult(point, saved.RunId, RunStatus.Failed, saved.FailureReason, saved.History, hint);
            case ResumeAction.RecordFailure:
                return await RecordFailureAsync(point, store, saved!, checkpoint, cancel);
            case ResumeAction.Retry:
                logger.LogInformation("point {Index}: failed in run {RunId} ({Reason}); trained again in a new run (--retry-failed)",
                    point.Index, saved!.RunId, saved.FailureReason);
                checkpoint.Clear();
                break;
        }
        var previous = action == ResumeAction.Retry ? saved : null;
        if (action is ResumeAction.Retry) saved = null;

        var run = saved is null
            ? await StartRunAsync(point, store, experimentId, parent, cancel)
            : await TrackedRun.ResumeAsync(store, saved.RunId, cancellationToken: cancel);
        var state = saved ?? new CheckpointState(0, 0, 0, run.RunId, parent?.RunId, "", [], double.NegativeInfinity, 0, false, null);
        IPointProgress? bar = null;
        try
        {
            // The run is named in the checkpoint before anything else: a kill -9 from here on resumes this run instead of opening another.
            if (saved is null) checkpoint.WriteState(state);
            if (previous is not null) await run.SetTagAsync("retry_of", previous.RunId, cancel);
            // Params are write-once but the same values are accepted, so describing again after a kill before the first checkpoint is safe.
            if (state.Epoch == 0) await DescribeAsync(run, point, cancel);
            var session = new TrainingSession(spec, data.Train, DataSource.EvaluationData(spec, data.Test), sharingPoints: options.Parallel);
            if (state.ParametersFile.Length > 0) checkpoint.Restore(state, session);
            logger.LogInformation("point {Index} ({Name}): run {RunId}, {Parameters} parameters, {Steps} steps per epoch{Resumed}",
                point.Index, RunName(point), run.RunId, session.Model.ParameterCount(), session.StepsPerEpoch,
                saved is null ? "" : state.TrainingDone ? ", trained: finishing its artifacts" : $", resumed after epoch {saved.Epoch}");
            bar = progress.StartPoint(point, pointCount, state.Epoch + 1, spec.Train.Epochs, session.StepsPerEpoch);
            if (!state.TrainingDone) state = await TrainAsync(spec, session, state, checkpoint, run, bar, cancel);
            await LogHistoryAsync(run, state.History);
            if (state.FailureReason is not null)
            {
                logger.LogWarning("point {Index} failed: {Reason}", point.Index, state.FailureReason);
                var unwritten = await RunEnding.FailAsync(run, state.FailureReason);
                if (unwritten is null) checkpoint.WriteState(state with { Completed = true });
                return End(bar, new PointResult(point, run.RunId, RunStatus.Failed, state.FailureReason, state.History, unwritten));
            }
            await LogFinalArtifactsAsync(run, spec, session, state, checkpoint);
            await run.FinishAsync(CancellationToken.None);
            // Last: only a point whose run is FINISHED, figures and all, counts as completed.
            checkpoint.WriteState(state with { Completed = true });
            return End(bar, new PointResult(point, run.RunId, RunStatus.Finished, null, state.History));
        }
        catch (OperationCanceledException)
        {
            await run.KillAsync(CancellationToken.None);
            logger.LogWarning("point {Index} interrupted: run {RunId} marked KILLED; `--resume` continues it from its last checkpoint", point.Index, run.RunId);
            bar?.End(new PointResult(point, run.RunId, RunStatus.Killed, "interrupted", state.History));
            throw;
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            // The disk or the store failed (e.g. no space left), not the point: the checkpoint is kept as it
            // is, so `--resume` goes on from it (or just writes what is missing) once the cause is fixed.
            logger.LogError(e, "point {Index}: could not write: {Reason}", point.Index, e.Message);
            var reason = $"could not write: {e.Message}";
            var unwritten = await RunEnding.FailAsync(run, reason);
            var note = string.Join("; ", new[]
            {
                unwritten,
                $"{SavedEpochs(checkpoint)} of {spec.Train.Epochs} epochs trained and saved in {checkpoint.Directory}; `--resume` finishes the point once it can write",
            }.OfType<string>());
            return End(bar, new PointResult(point, run.RunId, RunStatus.Failed, reason, state.History, note));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A combination the components refuse (e.g. a VampPrior with a ladder posterior), an unreadable
            // checkpoint, or a bug: this point ends FAILED with the reason, the sweep goes on.
            logger.LogError(e, "point {Index} failed: {Reason}", point.Index, e.Message);
            var unwritten = await RunEnding.FailAsync(run, e.Message);
            TryWriteState(checkpoint, state with { Completed = unwritten is null, FailureReason = e.Message });
            return End(bar, new PointResult(point, run.RunId, RunStatus.Failed, e.Message, state.History, unwritten));
        }
    }

    /// <summary>The point failed earlier but its run did not get the FAILED status (a crash in between): writes it now.</summary>
    private async Task<PointResult> RecordFailureAsync(SweepPoint point, ITrackingStore store, CheckpointState saved, Checkpoint checkpoint,
        CancellationToken cancel)
    {
        var run = await TrackedRun.ResumeAsync(store, saved.RunId, cancellationToken: cancel);
        await LogHistoryAsync(run, saved.History);
        var unwritten = await RunEnding.FailAsync(run, saved.FailureReason!);
        if (unwritten is null) checkpoint.WriteState(saved with { Completed = true });
        logger.LogWarning("point {Index}: run {RunId} marked FAILED ({Reason}), as its checkpoint recorded", point.Index, run.RunId, saved.FailureReason);
        return new PointResult(point, run.RunId, RunStatus.Failed, saved.FailureReason, saved.History,
            unwritten ?? PointResume.NotRetried(point.Index, run.RunId, saved.FailureReason!));
    }

    /// <summary>A write the disk or the store refused (no space left, no permission, a store error), as opposed to a file that is missing or damaged.</summary>
    private static bool IsWriteFailure(Exception e) =>
        e is TrackingException or UnauthorizedAccessException
        || (e is IOException && e is not (FileNotFoundException or DirectoryNotFoundException or EndOfStreamException));

    /// <summary>The epochs the checkpoint on disk holds (what a resume starts from), 0 when it cannot be read.</summary>
    private static int SavedEpochs(Checkpoint checkpoint)
    {
        try
        {
            return checkpoint.TryRead()?.Epoch ?? 0;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    /// <summary>Records a failure in the checkpoint if the disk allows; a failure to do so only means `--resume` runs the point again.</summary>
    private void TryWriteState(Checkpoint checkpoint, CheckpointState state)
    {
        try
        {
            checkpoint.WriteState(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("could not record the failure in {Directory}: {Reason}", checkpoint.Directory, e.Message);
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
            var outcome = session.TrainEpoch(epoch, state.Step, (batch, step) => bar.Step(epoch, batch, step), cancel);
            if (outcome.Log is null)
            {
                state = state with { FailureReason = outcome.FailureReason };
                checkpoint.WriteState(state);
                return state;
            }
            var log = outcome.Log;
            var evaluate = EvaluatesAfter(epoch, spec);
            if (evaluate) log = log with { Test = session.Evaluate(epoch, cancel, (done, total) => bar.Evaluating(epoch, done, total)) };
            state = EarlyStopping.Update(state with { Epoch = epoch, Step = log.Step, History = [.. state.History, log] }, log, spec.Train.EarlyStopping);
            var stopsEarly = EarlyStopping.ShouldStop(state, spec.Train.EarlyStopping);
            // After the stopping decision, so that `when: end` also scores a point that stops early.
            if (evaluate && session.DisentanglesAfter(last: epoch == epochs || stopsEarly))
            {
                log = log with { Disentanglement = session.Disentangle() };
                state = state with { History = [.. state.History.Take(state.History.Count - 1), log] };
            }
            await run.LogMetricsAsync(log.Metrics(), epoch, CancellationToken.None);
            bar.Epoch(log, epochs);
            if (stopsEarly)
            {
                await run.SetTagAsync("early_stopping.epoch", epoch.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                logger.LogInformation("early stopping after epoch {Epoch}: no improvement of the test log-likelihood in {Patience} evaluations",
                    epoch, spec.Train.EarlyStopping.Patience);
            }
            var last = epoch == epochs || stopsEarly;
            if (last) state = state with { Trained = true };
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
            figures = RunFigures.Render(session.Model, session.EvaluationData, state.History, session.KlSchedule, session.TotalSteps, RngKeys.Figures(spec.Seed),
                session.GroundTruth);
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
