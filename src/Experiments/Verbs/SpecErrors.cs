using Research.Framework.Specs;

namespace Research.Experiments.Verbs;

/// <summary>Loading a spec at the edge: a user's mistake becomes located messages and exit code 2, never a stack trace.</summary>
public static class SpecErrors
{
    /// <summary>The resolved spec, or null after printing every error to <paramref name="errors"/>.</summary>
    public static ExperimentSpec? TryLoad(string specPath, IReadOnlyList<string> overrides, TextWriter errors)
    {
        try
        {
            return SpecLoader.Load(specPath, overrides);
        }
        catch (SpecException e)
        {
            Print(e, errors);
            return null;
        }
    }

    public static void Print(SpecException e, TextWriter errors)
    {
        foreach (var error in e.Errors) errors.WriteLine($"error: {error}");
        errors.WriteLine($"{e.Errors.Count} error(s); nothing was run or logged.");
    }
}
