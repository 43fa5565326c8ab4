using System.Globalization;
using System.Text.RegularExpressions;

namespace Research.Framework.Specs;

/// <summary>
/// How plain YAML scalars read as values (the YAML 1.2 core schema) and how values are written
/// back so they read the same way. Numbers always use the invariant culture.
/// </summary>
public static partial class ScalarText
{
    public static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryInt(string text, out long value)
    {
        value = 0;
        return IntPattern().IsMatch(text) &&
               long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryFloat(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }
        value = 0;
        return FloatPattern().IsMatch(text) &&
               double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An integer as YAML text.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A float as YAML text that reads back as the same double (and as a float, never an int).</summary>
    public static string Format(double value)
    {
        if (double.IsPositiveInfinity(value)) return ".inf";
        if (double.IsNegativeInfinity(value)) return "-.inf";
        if (double.IsNaN(value)) return ".nan";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>Whether a string must be quoted so that it reads back as the same string.</summary>
    public static bool NeedsQuotes(string text) =>
        IsNull(text) || TryBool(text, out _) || TryInt(text, out _) || TryFloat(text, out _) ||
        !SafePlainPattern().IsMatch(text);

    /// <summary>A string as YAML text: plain where that is unambiguous, double-quoted otherwise.</summary>
    public static string FormatString(string text) =>
        NeedsQuotes(text)
            ? "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\t", "\\t") + "\""
            : text;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_./()]([A-Za-z0-9_./()\- +]*[A-Za-z0-9_./()\-+])?$")]
    private static partial Regex SafePlainPattern();
}
