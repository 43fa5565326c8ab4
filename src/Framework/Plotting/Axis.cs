namespace Research.Framework.Plotting;

/// <summary>Maps data values on one axis to pixel positions between <see cref="From"/> and <see cref="To"/>.</summary>
internal sealed record Axis(AxisScale Scale, TickSet Ticks, double From, double To)
{
    public double Map(double v)
    {
        double lo = Ticks.Min, hi = Ticks.Max, t;
        if (Scale == AxisScale.Log)
        {
            if (!(v > 0)) return double.NaN;
            t = (Math.Log10(v) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo));
        }
        else t = (v - lo) / (hi - lo);
        return From + t * (To - From);
    }

    public static bool Drawable(double v, AxisScale scale) => double.IsFinite(v) && (scale == AxisScale.Linear || v > 0);
}
