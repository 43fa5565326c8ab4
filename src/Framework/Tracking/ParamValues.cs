using System.Globalization;
using System.Text;

namespace Research.Framework.Tracking;

/// <summary>
/// Turns values into param strings: numbers as plain invariant-culture numbers (so MLflow's compare
/// views treat them as numbers), booleans and null as in YAML, and cuts values to MLflow's
/// 6000-character limit.
/// </summary>
public static class ParamValues
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => PythonFloat.Format(d),
        // A float's shortest string, read as a double, keeps 0.1f as 0.1 rather than 0.10000000149011612.
        float f => PythonFloat.Format(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        Half h => Format((float)h),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Cuts <paramref name="value"/> to <paramref name="maxLength"/> characters (Unicode code points, as Python counts), never splitting a surrogate pair.</summary>
    public static string Truncate(string value, int maxLength = MlflowLimits.MaxParamValueLength)
    {
        if (value.Length <= maxLength) return value;
        var builder = new StringBuilder(maxLength);
        var count = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (count == maxLength) break;
            builder.Append(rune.ToString());
            count++;
        }
        return builder.ToString();
    }
}
