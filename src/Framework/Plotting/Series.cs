namespace Research.Framework.Plotting;

/// <summary>
/// One named sequence of (x, y) points. Points with a non-finite coordinate (or a non-positive one on a
/// log axis) are skipped: a line breaks there. Colour and dash default to the series' place in the chart.
/// </summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>The colour; null takes <see cref="Palette.Series"/> of the series' index.</summary>
    public Rgb? Color { get; init; }

    /// <summary>An SVG dash pattern ("6 3"); null takes <see cref="Palette.Dash"/> of the series' index.</summary>
    public string? Dash { get; init; }

    /// <summary>Whether a line chart also marks each point (a lone point is always marked).</summary>
    public bool Markers { get; init; }

    /// <summary>A series of <paramref name="y"/> against 0, 1, 2, ...</summary>
    public static Series FromY(string name, IReadOnlyList<double> y) =>
        new(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);

    internal void Validate()
    {
        if (X.Count != Y.Count)
            throw new ArgumentException($"Series '{Name}': {X.Count} x values but {Y.Count} y values");
    }

    /// <summary>Whether point <paramref name="i"/> can be drawn on the given scales.</summary>
    internal bool Drawable(int i, AxisScale xScale, AxisScale yScale) =>
        Axis.Drawable(X[i], xScale) && Axis.Drawable(Y[i], yScale);
}
