using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// Ends a run FAILED even when the store is failing too (a full disk, a server gone): the run must not
/// stay RUNNING, so a reason that does not fit gives way to a short one, then to the status alone.
/// </summary>
public static class RunEnding
{
    /// <summary>How long the fallback reason may be: a few bytes, so it fits where the full reason did not.</summary>
    public const int ShortReasonLength = 60;

    /// <summary>Ends <paramref name="run"/> FAILED; returns null when the reason and status were written, else what was not (for the user).</summary>
    public static async Task<string?> FailAsync(TrackedRun run, string reason)
    {
        Exception first;
        try
        {
            await run.FailAsync(reason, CancellationToken.None);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            first = e;
        }
        var brief = Shorten(reason);
        if (brief != reason)
        {
            try
            {
                await run.FailAsync(brief, CancellationToken.None);
                return $"the store took only the start of the reason ({first.Message})";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not even that fits: the status alone below.
            }
        }
        try
        {
            await run.Store.UpdateRunAsync(run.RunId, RunStatus.Failed, cancellationToken: CancellationToken.None);
            return $"run {run.RunId} is FAILED but its reason could not be written to {run.Store.TrackingUri} ({first.Message})";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"run {run.RunId} could not be marked FAILED in {run.Store.TrackingUri} ({e.Message}); it shows RUNNING until `--resume` ends it";
        }
    }

    /// <summary>The reason cut to <see cref="ShortReasonLength"/> characters ("..." marking the cut).</summary>
    public static string Shorten(string reason) =>
        reason.Length <= ShortReasonLength ? reason : reason[..(ShortReasonLength - 3)] + "...";
}
