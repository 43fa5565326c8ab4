using System.Globalization;

namespace Research.Framework.Tracking;

/// <summary>
/// Doubles written and read the way MLflow's file store does: Python's <c>repr(float)</c>, the
/// shortest string that round-trips, in fixed notation when the decimal exponent is in [-4, 16)
/// and scientific otherwise (<c>1.0</c>, <c>0.25</c>, <c>1e-05</c>, <c>1e+16</c>), with
/// <c>nan</c>, <c>inf</c> and <c>-inf</c> for the non-finite values. Always the invariant culture.
/// </summary>
public static class PythonFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";

        // .NET's "R" is the shortest round-trip string; take its digits and exponent apart.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var integerPart = dot >= 0 ? r[..dot] : r;
        var fraction = dot >= 0 ? r[(dot + 1)..] : "";
        var digits = (integerPart + fraction).TrimStart('0');
        // Position of the decimal point relative to the first significant digit: value = 0.d1d2... * 10^point.
        var point = integerPart.Length + exponent - ((integerPart + fraction).Length - digits.Length);
        digits = digits.TrimEnd('0');
        var sign = negative ? "-" : "";
        if (digits.Length == 0) return sign + "0.0";

        if (point is > -4 and <= 16)
        {
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
            return sign + digits[..point] + "." + digits[point..];
        }
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        var exp10 = point - 1;
        return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses what Python's <c>float()</c> accepts for the values MLflow writes (incl. nan, inf, -inf, Infinity).</summary>
    public static double Parse(string text)
    {
        var s = text.Trim();
        switch (s.ToLowerInvariant())
        {
            case "nan" or "+nan" or "-nan": return double.NaN;
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
