using System.Globalization;

namespace Research.Framework.Plotting;

/// <summary>
/// Axis ranges and tick values a reader can take in at a glance: steps of 1, 2 or 5 times a power of
/// ten on linear axes, whole decades on log axes.
/// </summary>
/// <remarks>Heckbert, P. S. (1990), "Nice numbers for graph labels", Graphics Gems I, pp. 61-63
/// ("loose" labelling: the axis is widened to the ticks around the data).</remarks>
public static class NiceTicks
{
    /// <summary>
    /// A nice number close to <paramref name="x"/> (&gt; 0): 1, 2, 5 or 10 times a power of ten;
    /// rounded to the nearest when <paramref name="round"/>, else the smallest not below it.
    /// </summary>
    public static double NiceNumber(double x, bool round)
    {
        if (!(x > 0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "NiceNumber needs a finite positive number");
        var exponent = Math.Floor(Math.Log10(x));
        var power = Math.Pow(10, exponent);
        var fraction = x / power;
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    /// <summary>
    /// Ticks for the finite values of <paramref name="data"/> on <paramref name="scale"/>, about
    /// <paramref name="targetCount"/> of them (linear) or one per decade (log, thinned past
    /// <paramref name="targetCount"/> decades). Non-finite values, and non-positive ones on a log
    /// axis, are ignored; with nothing left the axis is [0, 1] (linear) or [1, 10] (log).
    /// </summary>
    public static TickSet For(IEnumerable<double> data, AxisScale scale, int targetCount = 6)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in data)
        {
            if (!double.IsFinite(v) || (scale == AxisScale.Log && v <= 0)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo > hi) (lo, hi) = scale == AxisScale.Log ? (1.0, 10.0) : (0.0, 1.0);
        return scale == AxisScale.Log ? Log(lo, hi, targetCount) : Linear(lo, hi, targetCount);
    }

    /// <summary>Linear ticks covering [<paramref name="min"/>, <paramref name="max"/>] (loose labelling).
    /// A degenerate range (min == max) is widened around its value.</summary>
    public static TickSet Linear(double min, double max, int targetCount = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"NiceTicks.Linear: range [{min}, {max}] is not finite");
        if (min > max) (min, max) = (max, min);
        if (min == max)
        {
            var half = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - half, max + half);
        }
        targetCount = Math.Max(targetCount, 2);
        // Heckbert first rounds the range up to a nice number, which can double the step; rounding the raw
        // step keeps the axis tighter around the data.
        var step = NiceNumber((max - min) / (targetCount - 1), round: true);
        var first = Math.Floor(min / step) * step;
        var last = Math.Ceiling(max / step) * step;
        var count = (int)Math.Round((last - first) / step) + 1;
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        var values = new double[count];
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            // Multiply instead of accumulating, and snap to the step's decimals, so 0.1 * 3 reads 0.3.
            var v = Math.Round(first + i * step, Math.Min(decimals, 15));
            if (v == 0) v = 0; // no negative zero
            values[i] = v;
            labels[i] = FormatLinear(v, step, decimals);
        }
        return new TickSet(values[0], values[^1], values, labels, []);
    }

    /// <summary>Decade ticks covering [<paramref name="min"/>, <paramref name="max"/>] (both &gt; 0), with
    /// minor ticks at 2..9 times each decade while there are few decades.</summary>
    public static TickSet Log(double min, double max, int targetCount = 6)
    {
        if (!(min > 0) || !(max > 0) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException($"NiceTicks.Log: range [{min}, {max}] must be finite and positive");
        if (min > max) (min, max) = (max, min);
        var lo = (int)Math.Floor(Math.Log10(min) + 1e-12);
        var hi = (int)Math.Ceiling(Math.Log10(max) - 1e-12);
        if (hi <= lo) hi = lo + 1;
        var every = Math.Max(1, (int)Math.Ceiling((hi - lo) / (double)Math.Max(targetCount, 2)));
        lo = (int)Math.Floor(lo / (double)every) * every;
        hi = (int)Math.Ceiling(hi / (double)every) * every;
        var values = new List<double>();
        var labels = new List<string>();
        var minor = new List<double>();
        for (var k = lo; k <= hi; k += every)
        {
            values.Add(Math.Pow(10, k));
            labels.Add(FormatDecade(k));
            if (every == 1 && k < hi && hi - lo <= 6)
                for (var m = 2; m <= 9; m++) minor.Add(m * Math.Pow(10, k));
        }
        return new TickSet(values[0], values[^1], values, labels, minor);
    }

    /// <summary>A short label for a number (legends, annotations): invariant culture, at most
    /// <paramref name="significant"/> significant digits, exponent form for very large or small values.</summary>
    public static string Format(double value, int significant = 4)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return "0";
        var a = Math.Abs(value);
        if (a >= 1e6 || a < 1e-4) return value.ToString("0.###e0", CultureInfo.InvariantCulture);
        var decimals = Math.Clamp(significant - 1 - (int)Math.Floor(Math.Log10(a)), 0, 10);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    private static string FormatLinear(double v, double step, int decimals)
    {
        if (v == 0) return "0";
        var a = Math.Max(Math.Abs(v), step);
        if (a >= 1e6 || step < 1e-4) return v.ToString("0.##e0", CultureInfo.InvariantCulture);
        return v.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string FormatDecade(int k) => k switch
    {
        >= 0 and <= 4 => Math.Pow(10, k).ToString("0", CultureInfo.InvariantCulture),
        < 0 and >= -3 => Math.Pow(10, k).ToString("0.###", CultureInfo.InvariantCulture),
        _ => "1e" + k.ToString(CultureInfo.InvariantCulture),
    };
}
