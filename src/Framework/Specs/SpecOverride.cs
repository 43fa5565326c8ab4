namespace Research.Framework.Specs;

/// <summary>
/// One <c>--set key.path=value</c> argument. The value is read as inline YAML, so
/// <c>objective.k=5</c> sets an integer, <c>sweep.grid.objective.k=[1,5]</c> a list and
/// <c>objective.kl_schedule={linear: {warmup_steps: 100}}</c> a component with options.
/// </summary>
public sealed record SpecOverride(string Argument, IReadOnlyList<string> Path, SpecNode Value)
{
    public string KeyPath => string.Join('.', Path);

    /// <summary>Reads <c>key.path=value</c>; problems are added to <paramref name="errors"/> and give null.</summary>
    public static SpecOverride? Parse(string argument, List<SpecError> errors)
    {
        var location = SourceLocation.CommandLine(argument);
        var eq = argument.IndexOf('=');
        if (eq <= 0)
        {
            errors.Add(SpecError.At(location, "", "expected key.path=value"));
            return null;
        }
        var key = argument[..eq].Trim();
        var path = SpecSchema.SplitPath(key);
        if (path.Any(p => p.Length == 0))
        {
            errors.Add(SpecError.At(location, key, "empty segment in key path"));
            return null;
        }
        var value = YamlTreeReader.ReadValue(argument[(eq + 1)..], location, errors, key);
        return new SpecOverride(argument, path, value);
    }
}
