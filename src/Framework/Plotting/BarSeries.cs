namespace Research.Framework.Plotting;

/// <summary>
/// One value per category of a <see cref="BarChart"/>; NaN leaves the category empty for this series.
/// <see cref="Low"/> and <see cref="High"/>, when given, draw a whisker per category (a range over seeds).
/// </summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values)
{
    /// <summary>The colour; null takes <see cref="Palette.Series"/> of the series' index.</summary>
    public Rgb? Color { get; init; }

    /// <summary>Lower ends of whiskers, one per category (NaN: none), or null.</summary>
    public IReadOnlyList<double>? Low { get; init; }

    /// <summary>Upper ends of whiskers, one per category (NaN: none), or null.</summary>
    public IReadOnlyList<double>? High { get; init; }
}

/// <summary>How the series of a <see cref="BarChart"/> share a category.</summary>
public enum BarLayout
{
    /// <summary>Side by side within the category.</summary>
    Grouped,

    /// <summary>On top of one another at full width (for series that fill disjoint categories).</summary>
    Overlaid,

    /// <summary>A dot per value instead of a bar, and an axis that need not include zero: for values
    /// such as log-likelihoods where only differences matter.</summary>
    Points,
}
