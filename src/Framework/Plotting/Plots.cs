using ScottPlot;

namespace Research.Framework.Plotting;

/// <summary>
/// The house style of a chart: a ScottPlot <see cref="Plot"/> in <see cref="FigureFont"/> with a title,
/// axis labels and a light grid, and helpers the standard figures share (log axes, manual ticks).
/// </summary>
public static class Plots
{
    /// <summary>Okabe and Ito's colour-blind-safe palette, then Tableau's for more lines.</summary>
    public static readonly IPalette Lines = new ScottPlot.Palettes.ColorblindFriendly();

    /// <summary>Ten distinct colours for ten classes (digits).</summary>
    public static readonly IPalette Classes = new ScottPlot.Palettes.Category10();

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        FigureFont.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(FigureFont.Family);
        plot.Title(title, 15);
        plot.Axes.Title.Label.Bold = false;
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.09);
        plot.Legend.FontName = FigureFont.Family;
        plot.Legend.FontSize = 11;
        plot.Legend.IsVisible = false;
        return plot;
    }

    /// <summary>
    /// Draws an axis whose coordinates are log10 of the data as a log axis: ticks at powers of ten
    /// labelled with the values, log-spaced minor ticks.
    /// </summary>
    public static void LogTicks(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Format(Math.Pow(10, v)),
        };
    }

    /// <summary>Fixed ticks at <paramref name="positions"/> with <paramref name="labels"/>.</summary>
    public static void ManualTicks(IAxis axis, IReadOnlyList<double> positions, IReadOnlyList<string> labels)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < positions.Count; i++) ticks.AddMajor(positions[i], labels[i]);
        axis.TickGenerator = ticks;
    }

    /// <summary>A number as a short label: "0.01", "1e-05", "250", "-86.7".</summary>
    public static string Format(double value) =>
        value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>The range of the finite values, padded by <paramref name="margin"/> of its span (or ±1 when flat).</summary>
    public static (double Min, double Max) Range(IEnumerable<double> values, double margin = 0.05)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return (0, 1);
        var (min, max) = (finite.Min(), finite.Max());
        var pad = max > min ? (max - min) * margin : Math.Max(1, Math.Abs(min) * 0.05);
        return (min - pad, max + pad);
    }
}
