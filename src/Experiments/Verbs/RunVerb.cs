using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Verbs;

/// <summary>`research run SPEC`: validates, then trains every sweep point (or prints them with --dry-run).</summary>
public static class RunVerb
{
    public static int Run(RunRequest request, TextWriter output, TextWriter errors)
    {
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
        if (request.DryRun)
        {
            output.Write(DryRunTable.Format(points));
            output.WriteLine("Nothing was run (--dry-run).");
            return ExitCodes.Ok;
        }
        errors.WriteLine("error: training from specs arrives with the runner; use --dry-run or `research validate` for now.");
        return ExitCodes.RunFailed;
    }
}
