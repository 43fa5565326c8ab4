using System.Text.Json;
using Research.Experiments.Runner;
using Research.Framework.Specs;
using Research.Framework.Tracking;

namespace Research.Experiments.Verbs;

/// <summary>
/// `research finish-sweep RUN_ID`: closes a sweep's parent run by hand (tasks cancelled or lost, a
/// closer that died): its summary and figures from the children in the store, then FINISHED if every
/// point finished, else FAILED. The points come from the parent's spec file and overrides, as submitted.
/// </summary>
public static class FinishSweepVerb
{
    public static async Task<int> RunAsync(string parentRunId, string? trackingUri, string? specPath, TextWriter output, TextWriter errors,
        CancellationToken cancel = default)
    {
        var store = TrainedRun.TryOpenStore(trackingUri, errors);
        if (store is null) return ExitCodes.BadInput;
        await using (store)
        {
            Run parent;
            try
            {
                parent = await store.GetRunAsync(parentRunId, cancel);
            }
            catch (TrackingException e)
            {
                errors.WriteLine($"error: no run {parentRunId} in {store.TrackingUri}: {e.Message}");
                return ExitCodes.BadInput;
            }
            specPath ??= parent.Tags.GetValueOrDefault("spec.file");
            if (specPath is null)
            {
                errors.WriteLine($"error: run {parentRunId} names no spec file (tag spec.file): pass it with --spec.");
                return ExitCodes.BadInput;
            }
            var overrides = parent.Tags.TryGetValue(SubmitVerb.OverridesTag, out var json) ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
            var spec = SpecErrors.TryLoad(specPath, overrides, errors);
            if (spec is null) return ExitCodes.BadInput;
            var points = Framework.Sweeps.SweepExpander.ExpandAll(spec);
            var (outcome, progress) = await SweepClosing.CloseIfCompleteAsync(store, parentRunId, points, SweepClosing.NewCloserId("finish-sweep"),
                force: true, cancel);
            if (outcome == SweepClosing.Outcome.AlreadyClosed)
            {
                output.WriteLine($"Sweep run {parentRunId} is already {parent.Info.Status.ToMlflowName()}: {progress.Describe()}.");
                return ExitCodes.Ok;
            }
            output.WriteLine($"Closed sweep run {parentRunId} {progress.ClosingStatus.ToMlflowName()}: {progress.Describe()}.");
            return progress.ClosingStatus == RunStatus.Finished ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
    }
}
