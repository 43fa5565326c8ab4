using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Verbs;

/// <summary>`research validate SPEC [--set k=v]...`: checks a spec and every sweep point, trains nothing.</summary>
public static class ValidateVerb
{
    public static int Run(string specPath, IReadOnlyList<string> overrides, TextWriter output, TextWriter errors)
    {
        var spec = SpecErrors.TryLoad(specPath, overrides, errors);
        if (spec is null) return ExitCodes.BadInput;
        try
        {
            var points = Runner.Preflight.Points(specPath, spec);
            output.WriteLine($"{specPath}: valid ({(spec.Sweep is null ? "a single run" : $"a sweep of {points.Count} points")}).");
            return ExitCodes.Ok;
        }
        catch (SpecException e)
        {
            SpecErrors.Print(e, errors);
            return ExitCodes.BadInput;
        }
    }
}
