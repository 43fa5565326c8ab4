namespace Research.Framework.Specs;

/// <summary>Checking the <c>sweep:</c> block: each axis key must be a valid key path and each value valid for it.</summary>
internal sealed partial class SpecResolver
{
    private static readonly string[] SweepKeys = ["grid", "zip", "random"];
    private static readonly string[] RandomKeys = ["n", "seed", "params"];
    private static readonly string[] DistributionKeys = ["uniform", "log_uniform", "int"];

    private object? ResolveSweep(SpecNode node, string path)
    {
        if (node is not SpecMapping mapping)
            return Fail(node, path, $"expected a mapping with grid, zip or random, got {Got(node)}");
        ValueList<SweepAxis> grid = [], zip = [];
        RandomSweep? random = null;
        var seen = new HashSet<string>();
        foreach (var entry in mapping.Entries)
        {
            var keyPath = Join(path, entry.Key);
            switch (entry.Key)
            {
                case "grid":
                    grid = Axes(entry.Value, keyPath, seen);
                    break;
                case "zip":
                    zip = Axes(entry.Value, keyPath, seen);
                    if (zip.Select(a => a.Values.Count).Distinct().Count() > 1)
                        Fail(entry.Value, keyPath, "zip lists must have equal lengths, got " +
                                                   string.Join(", ", zip.Select(a => $"{a.Key}: {a.Values.Count}")));
                    break;
                case "random":
                    random = Random(entry.Value, keyPath, seen);
                    break;
                default:
                    errors.Add(SpecError.At(entry.KeyLocation, keyPath, "unknown key" + KeySuggestion.Hint(entry.Key, SweepKeys, "keys")));
                    break;
            }
        }
        if (mapping.Entries.Length == 0)
            return Fail(node, path, "declares no axes: give grid, zip or random");
        return new SweepSpec(grid, zip, random);
    }

    private ValueList<SweepAxis> Axes(SpecNode node, string path, HashSet<string> seen)
    {
        if (node is not SpecMapping mapping)
        {
            Fail(node, path, $"expected a mapping of key path -> list of values, got {Got(node)}");
            return [];
        }
        if (mapping.Entries.Length == 0)
            Fail(node, path, "must sweep at least one key");
        var axes = new List<SweepAxis>();
        foreach (var entry in mapping.Entries)
        {
            var keyPath = Join(path, entry.Key);
            var target = Target(entry, keyPath, seen);
            if (target is null)
                continue;
            if (entry.Value is not SpecSequence values)
            {
                Fail(entry.Value, keyPath, $"expected a list of values, got {Got(entry.Value)}");
                continue;
            }
            if (values.Items.Length == 0)
            {
                Fail(entry.Value, keyPath, "empty list: a swept key needs at least one value");
                continue;
            }
            axes.Add(new SweepAxis(entry.Key, SweptValues(target, values, keyPath)));
        }
        return new ValueList<SweepAxis>(axes);
    }

    /// <summary>Swept values are checked against the target key's type, without filling defaults, so they read as written.</summary>
    private ValueList<object?> SweptValues(SchemaType target, SpecSequence values, string keyPath)
    {
        var plain = new SpecResolver(schema, errors, fillDefaults: false);
        return new ValueList<object?>(values.Items.Select((v, i) => plain.Resolve(target, v, $"{keyPath}[{i}]")));
    }

    /// <summary>The schema type a sweep axis key points at, or null after reporting why it is invalid.</summary>
    private SchemaType? Target(SpecEntry entry, string keyPath, HashSet<string> seen)
    {
        var segments = entry.Key.Split('.');
        if (segments[0] is "sweep" or "base")
        {
            errors.Add(SpecError.At(entry.KeyLocation, keyPath, $"'{segments[0]}' cannot be swept"));
            return null;
        }
        if (!seen.Add(entry.Key))
        {
            errors.Add(SpecError.At(entry.KeyLocation, keyPath, $"'{entry.Key}' is swept more than once"));
            return null;
        }
        var (type, error) = schema.TypeAt(segments);
        if (error is not null)
            errors.Add(SpecError.At(entry.KeyLocation, keyPath, error));
        return type;
    }

    private RandomSweep? Random(SpecNode node, string path, HashSet<string> seen)
    {
        if (node is not SpecMapping mapping)
            return (RandomSweep?)Fail(node, path, $"expected a mapping with n, seed and params, got {Got(node)}");
        int? samples = null;
        var seed = 0;
        var axes = new List<RandomAxis>();
        foreach (var entry in mapping.Entries)
        {
            var keyPath = Join(path, entry.Key);
            switch (entry.Key)
            {
                case "n":
                    samples = Resolve(new IntType(1), entry.Value, keyPath) as int?;
                    break;
                case "seed":
                    seed = Resolve(new IntType(0), entry.Value, keyPath) as int? ?? 0;
                    break;
                case "params":
                    if (entry.Value is not SpecMapping { Entries.Length: > 0 } space)
                    {
                        Fail(entry.Value, keyPath, "expected a non-empty mapping of key path -> distribution");
                        break;
                    }
                    foreach (var axis in space.Entries)
                    {
                        var axisPath = Join(keyPath, axis.Key);
                        if (Target(axis, axisPath, seen) is { } target &&
                            Distribution(target, axis.Value, axisPath) is { } distribution)
                            axes.Add(new RandomAxis(axis.Key, distribution));
                    }
                    break;
                default:
                    errors.Add(SpecError.At(entry.KeyLocation, keyPath, "unknown key" + KeySuggestion.Hint(entry.Key, RandomKeys, "keys")));
                    break;
            }
        }
        if (samples is null && mapping.Find("n") is null)
            Fail(node, path, "missing n, the number of points to draw");
        if (mapping.Find("params") is null)
            Fail(node, path, "missing params, the keys to draw");
        return samples is { } n ? new RandomSweep(n, seed, new ValueList<RandomAxis>(axes)) : null;
    }

    private RandomDistribution? Distribution(SchemaType target, SpecNode node, string path)
    {
        const string Shapes = "a list of choices or { uniform | log_uniform | int: [low, high] }";
        if (node is SpecSequence choices)
        {
            if (choices.Items.Length == 0)
                return (RandomDistribution?)Fail(node, path, "empty list: a swept key needs at least one value");
            return new ChoiceDistribution(SweptValues(target, choices, path));
        }
        if (node is not SpecMapping { Entries.Length: 1 } m)
            return (RandomDistribution?)Fail(node, path, $"expected {Shapes}, got {Got(node)}");
        var kind = m.Entries[0].Key;
        var kindPath = Join(path, kind);
        if (!DistributionKeys.Contains(kind))
            return (RandomDistribution?)Fail(new SpecScalar(kind, false, m.Entries[0].KeyLocation), kindPath,
                $"unknown distribution '{kind}'" + KeySuggestion.Hint(kind, DistributionKeys, "distributions"));
        var bounds = m.Entries[0].Value;
        if (bounds is not SpecSequence { Items.Length: 2 } pair)
            return (RandomDistribution?)Fail(bounds, kindPath, $"expected [low, high], got {Got(bounds)}");
        var isInt = kind == "int";
        switch (target)
        {
            case IntType when !isInt:
                return (RandomDistribution?)Fail(bounds, kindPath,
                    $"{kind} draws floats but the key is {target.Describe()}; use {{ int: [low, high] }}");
            case IntType or FloatType:
                break;
            default:
                return (RandomDistribution?)Fail(bounds, kindPath,
                    $"{kind} draws numbers but the key is {target.Describe()}; use a list of choices");
        }
        var boundType = isInt ? new IntType() : (SchemaType)new FloatType();
        var low = Resolve(boundType, pair.Items[0], kindPath + "[0]");
        var high = Resolve(boundType, pair.Items[1], kindPath + "[1]");
        if (low is null || high is null)
            return null;
        // Both ends must be valid values of the target key, so every draw is.
        var errorCount = errors.Count;
        Resolve(target, pair.Items[0], kindPath + "[0]");
        Resolve(target, pair.Items[1], kindPath + "[1]");
        if (errors.Count > errorCount)
            return null;
        if (isInt)
            return (int)low <= (int)high
                ? new IntDistribution((int)low, (int)high)
                : (RandomDistribution?)Fail(bounds, kindPath, $"low must be <= high, got [{low}, {high}]");
        double lo = (double)low, hi = (double)high;
        if (lo > hi)
            return (RandomDistribution?)Fail(bounds, kindPath, $"low must be <= high, got [{ScalarText.Format(lo)}, {ScalarText.Format(hi)}]");
        if (kind == "log_uniform" && lo <= 0)
            return (RandomDistribution?)Fail(pair.Items[0], kindPath, $"log_uniform needs low > 0, got {ScalarText.Format(lo)}");
        return kind == "uniform" ? new UniformDistribution(lo, hi) : new LogUniformDistribution(lo, hi);
    }
}
