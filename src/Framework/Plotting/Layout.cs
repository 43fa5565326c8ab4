namespace Research.Framework.Plotting;

/// <summary>The plotted rectangle of a chart, in pixels.</summary>
internal sealed record PlotArea(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;
}

/// <summary>Text metrics and the placement of a chart's plot area, title, labels and legend.</summary>
internal static class Layout
{
    public const double TitleSize = 15;
    public const double LabelSize = 13;
    public const double TickSize = 11;
    public const double TickLength = 5;

    /// <summary>The approximate width of <paramref name="chars"/> average characters of a sans-serif font.</summary>
    public static double TextWidth(int chars, double size) => chars * size * 0.62;

    /// <summary>The approximate width of <paramref name="text"/> in DejaVu Sans / Helvetica (wide capitals,
    /// narrow i, l, punctuation), erring on the wide side so that text is not cut off.</summary>
    public static double TextWidth(string text, double size)
    {
        double em = 0;
        foreach (var c in text)
            em += c switch
            {
                'i' or 'l' or 'j' or 't' or 'f' or 'r' or 'I' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or ' ' or '(' or ')' or '[' or ']' => 0.36,
                'm' or 'w' or 'M' or 'W' => 0.9,
                >= 'A' and <= 'Z' => 0.72,
                >= '0' and <= '9' => 0.64,
                _ => 0.6,
            };
        return em * size;
    }

    /// <summary>The longest prefix of <paramref name="text"/> (with "..." when cut) that fits in <paramref name="width"/>.</summary>
    public static string Fit(string text, double width, double size)
    {
        if (TextWidth(text, size) <= width) return text;
        for (var n = text.Length - 1; n >= 1; n--)
        {
            var candidate = text[..n] + "...";
            if (TextWidth(candidate, size) <= width) return candidate;
        }
        return "...";
    }

    /// <summary>
    /// Where the plot area goes in a <paramref name="width"/> x <paramref name="height"/> chart, leaving room for
    /// the title, the y tick labels, the axis labels, <paramref name="bottomExtra"/> pixels of x tick labels
    /// beyond one line, and a legend of <paramref name="legendWidth"/> on the right.
    /// </summary>
    public static PlotArea Place(double width, double height, string title, string xLabel, string yLabel,
        IEnumerable<string> yTickLabels, double legendWidth, double bottomExtra = 0, string lastXTickLabel = "")
    {
        var top = string.IsNullOrEmpty(title) ? 14 : 14 + TitleSize + 12;
        var yTickWidth = yTickLabels.Select(l => TextWidth(l, TickSize)).DefaultIfEmpty(TickSize).Max();
        var left = 10 + (string.IsNullOrEmpty(yLabel) ? 0 : LabelSize + 8) + yTickWidth + TickLength + 4;
        var bottom = 10 + (string.IsNullOrEmpty(xLabel) ? 0 : LabelSize + 8) + TickSize + TickLength + 6 + bottomExtra;
        // Room for half of the last x tick label, which is centred on the right edge.
        var right = Math.Max(16, TextWidth(lastXTickLabel, TickSize) / 2 + 4) + (legendWidth > 0 ? legendWidth + 12 : 0);
        return new PlotArea(left, top, Math.Max(20, width - left - right), Math.Max(20, height - top - bottom));
    }
}
