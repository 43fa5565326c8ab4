using System.Globalization;
using Research.Experiments.Runner;
using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Artifacts;

/// <summary>
/// The keys a sweep sets and the labels that tell its points apart ("kind=iwae, k=5"), from the points'
/// overrides; values are written as the <c>--dry-run</c> table writes them.
/// </summary>
public static class SweptKeys
{
    /// <summary>Every key some point sets, in order of first appearance (the sweep's axis order).</summary>
    public static IReadOnlyList<string> All(IReadOnlyList<PointResult> results) =>
        results.SelectMany(r => r.Point.Overrides.Keys).Distinct().ToArray();

    /// <summary>The keys whose value is not the same at every point (a one-value axis tells no points apart).</summary>
    public static IReadOnlyList<string> Varying(IReadOnlyList<PointResult> results) =>
        All(results).Where(key => results.Select(r => Value(r.Point, key)).Distinct().Count() > 1).ToArray();

    /// <summary>The point's value of <paramref name="key"/> as text, empty when it does not set the key.</summary>
    public static string Value(SweepPoint point, string key) =>
        point.Overrides.TryGetValue(key, out var value) ? DryRunTable.Cell(value) : "";

    /// <summary>
    /// A short legend label over <paramref name="keys"/> ("iwae, k=5", "linear(warmup_epochs=10), beta=0.5"):
    /// names and components stand alone, numbers and flags are "name=value" with the key's last path segment
    /// ("objective.k" is "k") unless two of the keys share it; keys the point does not set are left out.
    /// </summary>
    public static string Label(SweepPoint point, IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Where(point.Overrides.ContainsKey).Select(key => point.Overrides[key] switch
        {
            string or ComponentSpec or ValueMap => Compact(point.Overrides[key]),
            var value => $"{ShortName(key, keys)}={Compact(value)}",
        }));

    /// <summary>A value in one short line: a component as name(option=value, ...), anything else as in the dry-run table.</summary>
    private static string Compact(object? value) => value switch
    {
        ComponentSpec { Options.Count: 0 } c => c.Name,
        ComponentSpec c => $"{c.Name}({Pairs(c.Options)})",
        ValueMap { Count: 1 } m when m.Single().Value is ValueMap options => $"{m.Single().Key}({Pairs(options)})",
        ValueMap m => Pairs(m),
        _ => DryRunTable.Cell(value),
    };

    private static string Pairs(IEnumerable<KeyValuePair<string, object?>> entries) =>
        string.Join(", ", entries.Select(e => $"{e.Key}={Compact(e.Value)}"));

    private static string ShortName(string key, IReadOnlyList<string> keys)
    {
        var last = key[(key.LastIndexOf('.') + 1)..];
        return keys.Count(k => k[(k.LastIndexOf('.') + 1)..] == last) > 1 ? key : last;
    }

    /// <summary>A number for a table: <paramref name="format"/> in the invariant culture, empty for NaN or infinity.</summary>
    public static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "";
}
