using System.Globalization;

namespace Research.Bench;

/// <summary>
/// The machine-readable lines the bench prints, in the format tools/bench.sh parses:
/// <c>INFO key value...</c>, <c>CASE name throughput unit median_us best_us iters windows</c>,
/// <c>ALLOC name bytes_per_step</c>.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Info(string key, params object[] values) =>
        Line("INFO " + key + (values.Length == 0 ? "" : " " + string.Join(' ', values.Select(Format))));

    /// <summary>A case whose throughput is <paramref name="workPerCall"/> units per second at the median.</summary>
    public static void Case(string name, Measurement m, double workPerCall, string unit) =>
        Line(string.Join(' ',
            "CASE", name,
            (workPerCall / m.MedianSeconds).ToString("G6", Invariant), unit,
            (m.MedianSeconds * 1e6).ToString("F3", Invariant),
            (m.BestSeconds * 1e6).ToString("F3", Invariant),
            m.IterationsPerWindow.ToString(Invariant),
            m.Windows.ToString(Invariant)));

    public static void Alloc(string name, double bytesPerStep) =>
        Line($"ALLOC {name} {bytesPerStep.ToString("F1", Invariant)}");

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G6", Invariant),
        float f => f.ToString("G6", Invariant),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    private static void Line(string text)
    {
        Console.Out.WriteLine(text);
        Console.Out.Flush();
    }
}
