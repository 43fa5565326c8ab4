using System.Globalization;
using System.Text;
using Research.Framework.Specs;

namespace Research.Framework.Sweeps;

/// <summary>
/// The <c>--dry-run</c> listing: one row per point, a column per swept key, values in inline YAML
/// (floats to 6 significant digits). A pure function of the points; the host prints it.
/// </summary>
public static class DryRunTable
{
    public static string Format(IEnumerable<SweepPoint> points)
    {
        var list = points.ToList();
        var keys = list.SelectMany(p => p.Overrides.Keys).Distinct().ToList();
        var rows = new List<string[]>();
        rows.Add(["#", .. keys]);
        rows.AddRange(list.Select(p => (string[])
            [p.Index.ToString(CultureInfo.InvariantCulture), .. keys.Select(k => p.Overrides.TryGetValue(k, out var v) ? Cell(v) : "")]));
        var widths = Enumerable.Range(0, keys.Count + 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(string.Join("  ", rows[r].Select((cell, c) => c == 0 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
            if (r == 0)
                text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }
        text.Append($"{list.Count} point{(list.Count == 1 ? "" : "s")}\n");
        return text.ToString();
    }

    /// <summary>A value as a table cell: floats to 6 significant digits, everything else in inline YAML.</summary>
    public static string Cell(object? value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => SpecWriter.Inline(SpecWriter.ValueToNode(value, SourceLocation.Default)),
    };
}
