namespace Research.Framework.Plotting;

/// <summary>
/// A chart: an immutable description that renders to a standalone SVG document. Rendering is a pure
/// function of the record; writing the text to a file is the caller's business.
/// </summary>
public abstract record Chart
{
    /// <summary>Width of the chart in pixels.</summary>
    public double Width { get; init; } = 640;

    /// <summary>Height of the chart in pixels.</summary>
    public double Height { get; init; } = 400;

    /// <summary>Whether a chart of two series or more shows its legend (panels that share one turn it off).</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>The most of the width the legend may take; longer labels are cut with "...".</summary>
    public double LegendShare { get; init; } = 0.35;

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        var w = new SvgWriter().BeginDocument(Width, Height);
        Render(w, "c0");
        return w.EndDocument();
    }

    /// <summary>Draws the chart into <paramref name="w"/> in its own coordinates (0..Width, 0..Height);
    /// <paramref name="id"/> makes element ids unique when several charts share a document.</summary>
    internal abstract void Render(SvgWriter w, string id);
}
