using ScottPlot;

namespace Research.Framework.Plotting.Figures;

/// <summary>
/// Figures of a model on data with known factors of variation (dSprites): traversals of each ground-truth
/// factor with their reconstructions, and the response of every latent unit to each factor.
/// </summary>
public static class FactorFigures
{
    private const int ImageScale = 2;

    /// <summary>Two rows per factor, the data above its reconstruction, one column per class of the varied factor.</summary>
    public static FigureImage Traversals(IReadOnlyList<FactorTraversal> traversals)
    {
        if (traversals.Count == 0) throw new ArgumentException("FactorTraversals: no factors");
        var (h, w) = (traversals[0].Data.Height, traversals[0].Data.Width);
        if (traversals.Any(t => t.Data.Height != h || t.Data.Width != w || t.Reconstructions.Height != h || t.Reconstructions.Width != w))
            throw new ArgumentException("FactorTraversals: images differ in size");
        if (traversals.Any(t => t.Data.Images.Count != t.Classes.Count || t.Reconstructions.Images.Count != t.Classes.Count))
            throw new ArgumentException("FactorTraversals: a factor's images do not match its classes");
        return new TileGrid("Ground-truth factor traversals: one factor varied per pair of rows, the others fixed",
            traversals.SelectMany(t => new[] { t.Data.Images, t.Reconstructions.Images }).ToArray(), h, w)
        {
            RowLabels = traversals.SelectMany(t => new[]
            {
                $"{t.Factor} {t.Classes[0]}..{t.Classes[^1]}: data", $"{t.Factor}: reconstruction",
            }).ToArray(),
            XLabel = "evenly spaced classes of the varied factor (range at left)",
            GroupRows = 2,
            GroupGap = 8,
            Scale = ImageScale,
        }.Render();
    }

    /// <summary>
    /// One panel per factor: the average code of each unit in <paramref name="units"/> against the factor's class;
    /// a unit that encodes the factor alone rises or falls in its panel and stays flat in the others.
    /// </summary>
    public static FigureImage CodeResponses(IReadOnlyList<FactorCodeResponse> responses, IReadOnlyList<int> units)
    {
        if (responses.Count == 0) throw new ArgumentException("CodeResponses: no factors");
        if (units.Count == 0) throw new ArgumentException("CodeResponses: no units");
        var panels = responses.Select((r, p) =>
        {
            var plot = Plots.Create(r.Factor, $"{r.Factor} (class)", "mean of E_q[z_u | x]");
            var x = r.Classes.Select(c => (double)c).ToArray();
            for (var i = 0; i < units.Count; i++)
                Charts.Line(plot, $"z{units[i]}", x, r.Means.Select(m => m[units[i]]).ToArray(), Plots.Classes.GetColor(i), markers: x.Length <= 12); // 10 distinct colours: one per unit of a 10-unit figure
            if (p == responses.Count - 1) Charts.LegendOutside(plot);
            return plot;
        }).ToArray();
        return FigureCanvas.Render(panels, 420, 320, Math.Clamp(panels.Length, 1, 3),
            "Latent response to each ground-truth factor (the others drawn at random)");
    }
}
