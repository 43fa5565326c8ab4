namespace Research.Experiments.Verbs;

/// <summary>The checks of `research run --point i --parent RUN_ID` (one point of a sweep, e.g. a Slurm array task).</summary>
public static class PointTask
{
    /// <summary>An exit code when <c>--point</c>/<c>--parent</c> cannot be honoured (the message written to <paramref name="errors"/>), else null.</summary>
    public static int? CheckRequest(RunRequest request, int pointCount, TextWriter errors)
    {
        if (request.ParentRunId is not null && request.Point is null)
        {
            errors.WriteLine("error: --parent needs --point: the index of the sweep point to train under that parent run; nothing was run or logged.");
            return ExitCodes.BadInput;
        }
        if (request.Point is { } point && (point < 0 || point >= pointCount))
        {
            errors.WriteLine($"error: --point {point} is out of range: the spec has {pointCount} point(s), 0 to {pointCount - 1}; nothing was run or logged.");
            return ExitCodes.BadInput;
        }
        if (request.Point is not null && request.Parallel != 1)
        {
            errors.WriteLine("error: --parallel does not apply to --point (one point runs); nothing was run or logged.");
            return ExitCodes.BadInput;
        }
        return null;
    }
}
