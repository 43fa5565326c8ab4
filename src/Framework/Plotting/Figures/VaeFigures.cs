namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The standard figures of one training run, each a pure function from plain data to an SVG document
/// (charts) or PNG file bytes (image grids). Writing them out, e.g. as MLflow artifacts, is the runner's job.
/// </summary>
public static class VaeFigures
{
    /// <summary>Tiles are enlarged by this factor so that 28x28 digits read at a glance.</summary>
    public const int ImageScale = 2;

    /// <summary>
    /// Learning curves: three panels against epoch (the bound, its reconstruction term, its KL term), each
    /// with the training curve and the test points where there are any. <paramref name="boundName"/> names the
    /// bound ("ELBO", "IWAE bound (k=5)").
    /// </summary>
    public static string LearningCurves(IReadOnlyList<EpochMetrics> epochs, string boundName = "ELBO")
    {
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        Chart Panel(string title, string yLabel, Func<EpochMetrics, double> train, Func<EpochMetrics, double> test, bool legend)
        {
            // Test values come every few epochs: join the evaluated epochs and mark each one.
            var evaluated = epochs.Where(e => double.IsFinite(test(e))).ToArray();
            var testSeries = new Series("test", evaluated.Select(e => (double)e.Epoch).ToArray(), evaluated.Select(test).ToArray())
            { Markers = evaluated.Length < epochs.Count };
            return new LineChart(title, "epoch", yLabel, [new Series("train", x, epochs.Select(train).ToArray()), testSeries])
            { Width = 420, Height = 320, ShowLegend = legend };
        }
        return new PanelFigure("Learning curves",
        [
            Panel(boundName, "nats per example", e => e.TrainBound, e => e.TestBound, legend: false),
            Panel("Reconstruction E[log p(x|z)]", "nats per example", e => e.TrainReconstruction, e => e.TestReconstruction, legend: false),
            Panel("KL(q(z|x) || p(z))", "nats per example", e => e.TrainKl, e => e.TestKl, legend: true),
        ], Columns: 3).ToSvg();
    }

    /// <summary>The weight of the KL term against the optimizer step (the annealing schedule as run).</summary>
    public static string KlWeight(IReadOnlyList<KlWeightPoint> points) =>
        new LineChart("KL weight schedule", "training step", "KL weight",
            [new Series("KL weight", points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Weight).ToArray())]).ToSvg();

    /// <summary>
    /// KL per latent dimension, sorted from largest to smallest, with active units (activity above
    /// <paramref name="activityThreshold"/>) in colour and inactive ones in grey.
    /// </summary>
    public static string KlPerDimension(IReadOnlyList<LatentUnit> units, double activityThreshold = 0.01)
    {
        var sorted = units.OrderByDescending(u => double.IsFinite(u.Kl) ? u.Kl : double.NegativeInfinity).ToArray();
        var active = sorted.Select(u => u.Activity > activityThreshold).ToArray();
        var count = active.Count(a => a);
        return new BarChart($"KL per latent dimension ({count} of {units.Count} active)", "latent dimension (sorted by KL)", "KL (nats)",
            sorted.Select(u => u.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            [
                new BarSeries($"active (A_u > {NiceTicks.Format(activityThreshold)})", sorted.Select((u, i) => active[i] ? u.Kl : double.NaN).ToArray()),
                new BarSeries("inactive", sorted.Select((u, i) => active[i] ? double.NaN : u.Kl).ToArray()) { Color = Palette.Muted },
            ], Layout: BarLayout.Overlaid) { Width = Math.Clamp(200 + units.Count * 10, 520, 1000) }.ToSvg();
    }

    /// <summary>A grid of images decoded from samples of the prior, <paramref name="columns"/> per row (PNG).</summary>
    public static byte[] PriorSamples(ImageSet samples, int columns = 10) =>
        PngEncoder.Encode(ImageGrid.Compose(samples.Images, samples.Height, samples.Width, columns, scale: ImageScale));

    /// <summary>
    /// Test inputs with their reconstructions: a row of inputs above the row of their reconstructions, in
    /// pairs of rows of <paramref name="columns"/> images, pairs set apart by a wider gap (PNG).
    /// </summary>
    public static byte[] Reconstructions(ImageSet inputs, ImageSet reconstructions, int columns = 10)
    {
        if (inputs.Images.Count != reconstructions.Images.Count || inputs.Height != reconstructions.Height || inputs.Width != reconstructions.Width)
            throw new ArgumentException($"Reconstructions: {inputs.Images.Count} inputs of {inputs.Height}x{inputs.Width} but " +
                $"{reconstructions.Images.Count} reconstructions of {reconstructions.Height}x{reconstructions.Width}");
        var rows = new List<IReadOnlyList<float[]>>();
        for (var i = 0; i < inputs.Images.Count; i += columns)
        {
            rows.Add(inputs.Images.Skip(i).Take(columns).ToArray());
            rows.Add(reconstructions.Images.Skip(i).Take(columns).ToArray());
        }
        return PngEncoder.Encode(ImageGrid.ComposeRows(rows, inputs.Height, inputs.Width, scale: ImageScale, groupRows: 2, groupGap: 6));
    }

    /// <summary>Latent traversals: one row per traversed dimension, one column per value (PNG). Rows are in
    /// the order given; the dimensions and values are in the records for a caption.</summary>
    public static byte[] LatentTraversals(IReadOnlyList<LatentTraversal> traversals)
    {
        if (traversals.Count == 0) throw new ArgumentException("LatentTraversals: no traversals");
        var (h, w) = (traversals[0].Images.Height, traversals[0].Images.Width);
        if (traversals.Any(t => t.Images.Height != h || t.Images.Width != w))
            throw new ArgumentException("LatentTraversals: images differ in size between rows");
        return PngEncoder.Encode(ImageGrid.ComposeRows(traversals.Select(t => t.Images.Images).ToArray(), h, w, scale: ImageScale));
    }

    /// <summary>Decodings along a path between the codes of two test images, in one row; by convention the
    /// first and last images are the two test images themselves (PNG).</summary>
    public static byte[] Interpolation(ImageSet steps) =>
        PngEncoder.Encode(ImageGrid.ComposeRows([steps.Images], steps.Height, steps.Width, scale: ImageScale));

    /// <summary>
    /// Test latents coloured by label: the two coordinates of a 2-D latent, or the first two principal
    /// components (with their share of the variance) of a larger one; a 1-D latent is drawn against the label.
    /// </summary>
    public static string LatentScatter(IReadOnlyList<LabelledLatent> latents)
    {
        var dim = latents.Count == 0 ? 2 : latents[0].Z.Length;
        if (latents.Any(l => l.Z.Length != dim)) throw new ArgumentException("LatentScatter: latent codes differ in dimension");
        string xLabel = "z1", yLabel = "z2", title = "Test latents by label";
        Func<double[], (double, double)> project = z => (z[0], z[1]);
        if (dim == 1)
        {
            (yLabel, project) = ("label", z => (z[0], double.NaN));
        }
        else if (dim > 2)
        {
            var pca = Pca.Fit(latents.Select(l => l.Z).ToArray());
            var ratio = pca.ExplainedRatio;
            (xLabel, yLabel) = ($"PC1 ({Percent(ratio[0])} of variance)", $"PC2 ({Percent(ratio[1])} of variance)");
            title = $"Test latents by label (PCA of {dim}-D latents)";
            project = z => { var p = pca.Project(z); return (p[0], p[1]); };
        }
        var groups = latents.GroupBy(l => l.Label).OrderBy(g => g.Key).Select(g =>
        {
            var points = g.Select(l => project(l.Z)).ToArray();
            var y = dim == 1 ? g.Select(l => (double)l.Label).ToArray() : points.Select(p => p.Item2).ToArray();
            return new Series(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), points.Select(p => p.Item1).ToArray(), y)
            {
                Color = Palette.Series(g.Key),
                Dash = null,
            };
        }).ToArray();
        // Ten digit classes need ten colours: past Okabe-Ito's eight, take Tableau 10 (cycling past ten).
        if (groups.Length > Palette.OkabeIto.Count)
            groups = groups.Select((s, i) => s with { Color = Palette.Tableau10[i % Palette.Tableau10.Count] }).ToArray();
        return new ScatterChart(title, xLabel, yLabel, groups) { Width = 600, Height = 520 }.ToSvg();
    }

    private static string Percent(double ratio) =>
        (100 * ratio).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
