using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Sweeps;

/// <summary>
/// Expands a spec's <c>sweep:</c> block into a lazy, deterministic sequence of points. The order
/// is nested loops: grid axes in declaration order (the first slowest), then the zip lists, then
/// the random samples (the fastest). Random sample r draws from <c>Rng(seed).Split(r)</c>, so it
/// does not depend on how many samples are taken. Each point's spec is the base spec with the
/// point's values merged in (as <c>--set</c> would), validated again; an invalid point throws a
/// <see cref="SpecException"/> that names the sweep key that set the value.
/// </summary>
public static class SweepExpander
{
    /// <summary>How many points the sweep has (1 for a spec without a sweep).</summary>
    public static long Count(ExperimentSpec spec)
    {
        if (spec.Sweep is not { } sweep)
            return 1;
        var count = sweep.Grid.Aggregate(1L, (n, axis) => n * axis.Values.Count);
        if (sweep.Zip.Count > 0)
            count *= sweep.Zip[0].Values.Count;
        if (sweep.Random is { } random)
            count *= random.Samples;
        return count;
    }

    /// <summary>The points, lazily; a spec without a sweep is one point with no overrides.</summary>
    public static IEnumerable<SweepPoint> Expand(ExperimentSpec spec, SpecSchema? schema = null) =>
        Points(spec, schema ?? SpecSchema.Default).Select(p => p.Point ?? throw new SpecException(p.Errors));

    /// <summary>All points at once, every one validated first; throws with the errors of every invalid point.</summary>
    public static IReadOnlyList<SweepPoint> ExpandAll(ExperimentSpec spec, SpecSchema? schema = null)
    {
        var points = new List<SweepPoint>();
        var errors = new List<SpecError>();
        foreach (var (point, pointErrors) in Points(spec, schema ?? SpecSchema.Default))
        {
            if (point is not null)
                points.Add(point);
            errors.AddRange(pointErrors);
        }
        return errors.Count == 0 ? points : throw new SpecException(errors);
    }

    private static IEnumerable<(SweepPoint? Point, List<SpecError> Errors)> Points(ExperimentSpec spec, SpecSchema schema)
    {
        var single = spec with { Sweep = null };
        if (spec.Sweep is not { } sweep)
        {
            yield return (new SweepPoint(0, new OrderedDictionary<string, object?>(), single), []);
            yield break;
        }
        var tree = SpecWriter.ToNode(single, schema);
        var index = 0;
        foreach (var assignment in Assignments(sweep))
        {
            var errors = new List<SpecError>();
            var point = tree as SpecNode;
            foreach (var (key, value) in assignment)
            {
                var location = new SourceLocation($"sweep point {index} (set by {Origin(sweep, key)})", 0, 0);
                point = SpecMerge.SetPath(schema, point, SpecSchema.SplitPath(key), SpecWriter.ValueToNode(value, location), location);
            }
            var resolved = SpecLoader.TryResolve(point, schema, errors);
            yield return (resolved is null ? null : new SweepPoint(index, assignment, resolved), errors);
            index++;
        }
    }

    private static string Origin(SweepSpec sweep, string key) =>
        sweep.Grid.Any(a => a.Key == key) ? $"sweep.grid.{key}"
        : sweep.Zip.Any(a => a.Key == key) ? $"sweep.zip.{key}"
        : $"sweep.random.params.{key}";

    /// <summary>The key/value assignments of every point, in order.</summary>
    private static IEnumerable<OrderedDictionary<string, object?>> Assignments(SweepSpec sweep)
    {
        var gridCounts = sweep.Grid.Select(a => a.Values.Count).ToArray();
        var zipCount = sweep.Zip.Count > 0 ? sweep.Zip[0].Values.Count : 1;
        var randomCount = sweep.Random?.Samples ?? 1;
        foreach (var gridIndex in Odometer(gridCounts))
        for (var z = 0; z < zipCount; z++)
        for (var r = 0; r < randomCount; r++)
        {
            var values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            for (var a = 0; a < sweep.Grid.Count; a++)
                values[sweep.Grid[a].Key] = sweep.Grid[a].Values[gridIndex[a]];
            foreach (var axis in sweep.Zip)
                values[axis.Key] = axis.Values[z];
            if (sweep.Random is { } random)
            {
                var rng = new Rng((ulong)random.Seed).Split((ulong)r);
                foreach (var axis in random.Params)
                    values[axis.Key] = Draw(axis.Distribution, rng);
            }
            yield return values;
        }
    }

    /// <summary>Index tuples of a Cartesian product, the last index fastest.</summary>
    private static IEnumerable<int[]> Odometer(int[] counts)
    {
        var index = new int[counts.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            var i = counts.Length - 1;
            while (i >= 0 && ++index[i] == counts[i])
                index[i--] = 0;
            if (i < 0)
                yield break;
        }
    }

    private static object? Draw(RandomDistribution distribution, Rng rng) => distribution switch
    {
        ChoiceDistribution c => c.Values[rng.NextInt(c.Values.Count)],
        UniformDistribution u => u.Low + (u.High - u.Low) * rng.NextDouble(),
        LogUniformDistribution u => Math.Exp(Math.Log(u.Low) + (Math.Log(u.High) - Math.Log(u.Low)) * rng.NextDouble()),
        IntDistribution u => (long)u.High - u.Low < int.MaxValue
            ? u.Low + rng.NextInt(u.High - u.Low + 1)
            : (int)(u.Low + (long)(rng.NextDouble() * ((long)u.High - u.Low + 1))),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
    };
}
