using System.Globalization;
using System.Text;

namespace Research.Framework.Tracking;

/// <summary>
/// Renders a <see cref="ComparisonTable"/> as a Markdown table (numbers to 6 significant digits,
/// right-aligned) or as CSV (RFC 4180, numbers round-trip exact). Columns: run, status,
/// <c>params.&lt;key&gt;</c>..., <c>metrics.&lt;key&gt;</c>... (MLflow's own column names).
/// </summary>
public static class ComparisonTableFormat
{
    public static string ToMarkdown(ComparisonTable table)
    {
        var header = Headers(table);
        var builder = new StringBuilder();
        builder.Append("| ").AppendJoin(" | ", header.Select(EscapeMarkdown)).Append(" |\n");
        builder.Append('|');
        for (var i = 0; i < header.Count; i++) builder.Append(i < 2 + table.ParamKeys.Count ? "---|" : "---:|");
        builder.Append('\n');
        foreach (var row in table.Rows)
            builder.Append("| ").AppendJoin(" | ", Cells(table, row, Short).Select(EscapeMarkdown)).Append(" |\n");
        return builder.ToString();
    }

    public static string ToCsv(ComparisonTable table)
    {
        var builder = new StringBuilder();
        builder.AppendJoin(',', Headers(table).Select(EscapeCsv)).Append("\r\n");
        foreach (var row in table.Rows)
            builder.AppendJoin(',', Cells(table, row, Exact).Select(EscapeCsv)).Append("\r\n");
        return builder.ToString();
    }

    private static List<string> Headers(ComparisonTable table) =>
        ["run", "status", .. table.ParamKeys.Select(k => "params." + k), .. table.MetricKeys.Select(k => "metrics." + k)];

    private static IEnumerable<string> Cells(ComparisonTable table, ComparisonRow row, Func<double, string> number) =>
        [row.RunName, row.Status.ToMlflowName(),
            .. table.ParamKeys.Select(k => row.Params.GetValueOrDefault(k) ?? ""),
            .. table.MetricKeys.Select(k => row.Metrics.TryGetValue(k, out var v) ? number(v) : "")];

    private static string Short(double value) =>
        double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : PythonFloat.Format(value);

    private static string Exact(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : PythonFloat.Format(value);

    private static string EscapeMarkdown(string cell) =>
        cell.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private static string EscapeCsv(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
