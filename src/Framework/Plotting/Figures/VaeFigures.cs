using ScottPlot;
using Research.Framework.Randomness;

namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The standard figures of one training run, each a pure function from plain records to a
/// <see cref="FigureImage"/> drawn by ScottPlot (PNG, and SVG for charts). Writing them out, e.g. as
/// MLflow artifacts, is the runner's job.
/// </summary>
public static class VaeFigures
{
    /// <summary>Tiles are enlarged by this factor so that 28x28 digits read at a glance.</summary>
    public const int ImageScale = 2;

    private static readonly Color Train = Color.FromHex("#0072B2"), Test = Color.FromHex("#D55E00"),
        Third = Color.FromHex("#009E73"), Fourth = Color.FromHex("#CC79A7"), Inactive = Color.FromHex("#A0A0A0");

    /// <summary>
    /// Learning curves: three panels against epoch on one x range (the bound, its reconstruction term,
    /// its KL term), each with the training curve and the evaluated test epochs marked.
    /// <paramref name="boundName"/> names the bound ("ELBO", "IWAE bound (K=5)").
    /// </summary>
    public static FigureImage LearningCurves(IReadOnlyList<EpochMetrics> epochs, string boundName = "ELBO")
    {
        if (epochs.Count == 0) throw new ArgumentException("LearningCurves: no epochs");
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        Plot Panel(string title, string yLabel, Func<EpochMetrics, double> train, Func<EpochMetrics, double> test, bool legend)
        {
            var plot = Plots.Create(title, "epoch", yLabel);
            Charts.Line(plot, "train", x, epochs.Select(train).ToArray(), Train);
            Charts.Line(plot, "test (evaluated epochs)", x, epochs.Select(test).ToArray(), Test, markers: true);
            if (legend) Charts.Legend(plot, Alignment.LowerRight);
            return plot;
        }
        Plot[] panels =
        [
            Panel(boundName, $"{boundName} (nats per example)", e => e.TrainBound, e => e.TestBound, legend: true),
            Panel("Reconstruction E_q[log p(x|z)]", "nats per example", e => e.TrainReconstruction, e => e.TestReconstruction, legend: false),
            Panel("KL(q(z|x) || p(z))", "nats per example", e => e.TrainKl, e => e.TestKl, legend: false),
        ];
        Charts.ShareX(panels, x.Min(), x.Max());
        return FigureCanvas.Render(panels, 440, 340, columns: 3, "Learning curves (train: every epoch; test: evaluated epochs, marked)");
    }

    /// <summary>
    /// The bounds on log p(x) against epoch: the objective's training bound where it differs from the
    /// ELBO, train and test ELBO and the importance-sampled test log-likelihood; the gaps between them
    /// are the point of IWAE (Burda et al. 2016, section 3).
    /// </summary>
    public static FigureImage Bounds(IReadOnlyList<EpochBounds> epochs, string objectiveName = "objective")
    {
        if (epochs.Count == 0) throw new ArgumentException("Bounds: no epochs");
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = Plots.Create("Bounds on log p(x)", "epoch", "nats per example");
        if (epochs.Any(e => Math.Abs(e.TrainBound - e.TrainElbo) > 1e-6 * Math.Max(1, Math.Abs(e.TrainElbo))))
            Charts.Line(plot, $"train bound ({objectiveName})", x, epochs.Select(e => e.TrainBound).ToArray(), Fourth, pattern: LinePattern.Dashed);
        Charts.Line(plot, "train ELBO", x, epochs.Select(e => e.TrainElbo).ToArray(), Train);
        Charts.Line(plot, "test ELBO", x, epochs.Select(e => e.TestElbo).ToArray(), Test, markers: true);
        Charts.Line(plot, "test log p(x) (importance sampled)", x, epochs.Select(e => e.TestLogLikelihood).ToArray(), Third, markers: true);
        Charts.Legend(plot, Alignment.LowerRight);
        return FigureCanvas.Render(plot, 760, 440);
    }

    /// <summary>The weight of the KL term against the optimizer step (the annealing schedule as run); the
    /// title says so when the weight never changes.</summary>
    public static FigureImage KlWeight(IReadOnlyList<KlWeightPoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("KlWeight: no points");
        var weights = points.Select(p => p.Weight).ToArray();
        var constant = weights.All(w => w == weights[0]);
        var plot = Plots.Create(constant ? $"KL weight schedule (constant {Plots.Format(weights[0])})" : "KL weight schedule",
            "training step", "KL weight (beta x schedule)");
        Charts.Line(plot, "KL weight", points.Select(p => (double)p.Step).ToArray(), weights, Train);
        var (_, high) = Plots.Range(weights);
        plot.Axes.SetLimitsY(Math.Min(0, weights.Min()), Math.Max(high, weights.Max() * 1.05));
        return FigureCanvas.Render(plot, 640, 400);
    }

    /// <summary>
    /// Per latent dimension, sorted by KL: the KL(q(z_u|x) || p(z_u)) above and the activity
    /// A_u = Cov_x(E_q[z_u]) below, both on log axes so that inactive units show, with the activity
    /// threshold drawn; every dimension has a tick label (for more than 100, the 25 of largest KL).
    /// </summary>
    public static FigureImage KlPerDimension(IReadOnlyList<LatentUnit> units, double activityThreshold = 0.01)
    {
        if (units.Count == 0) throw new ArgumentException("KlPerDimension: no units");
        var sorted = units.OrderByDescending(u => double.IsFinite(u.Kl) ? u.Kl : double.NegativeInfinity).ToArray();
        var active = sorted.Select(u => u.Activity > activityThreshold).ToArray();
        var count = active.Count(a => a);
        var n = sorted.Length;
        var labelled = Enumerable.Range(0, n).Where(i => n <= 100 || i < 25).ToArray();
        Plot Panel(string title, string yLabel, Func<LatentUnit, double> value, double? threshold)
        {
            var plot = Plots.Create(title, "latent dimension (sorted by KL, largest first)", yLabel);
            var values = sorted.Select(value).ToArray();
            var positive = values.Where(v => double.IsFinite(v) && v > 0).ToArray();
            // The log axis starts a decade under the smallest positive value (or the threshold).
            var floor = Math.Floor(Math.Log10(Math.Min(positive.Length > 0 ? positive.Min() : 1e-3, threshold ?? double.MaxValue))) - 1;
            var ceiling = Math.Ceiling(Math.Log10(Math.Max(positive.Length > 0 ? positive.Max() : 1, threshold ?? 0)));
            var bars = values.Select((v, i) => new Bar
            {
                Position = i,
                ValueBase = floor,
                Value = double.IsFinite(v) && v > 0 ? Math.Log10(v) : floor,
                FillColor = active[i] ? Train : Inactive,
                LineWidth = 0,
                Size = 0.8,
            }).ToArray();
            plot.Add.Bars(bars);
            if (threshold is { } t)
            {
                plot.Add.HorizontalLine(Math.Log10(t), 1.5f, Test, LinePattern.Dashed);
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "active", FillColor = Train });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "inactive", FillColor = Inactive });
            if (threshold is not null) plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"threshold A_u = {Plots.Format(threshold.Value)}", LineColor = Test, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
            Charts.Legend(plot, Alignment.UpperRight);
            Plots.LogTicks(plot.Axes.Left);
            plot.Axes.SetLimitsY(floor, ceiling + 0.15);
            plot.Axes.SetLimitsX(-0.7, n - 0.3);
            Plots.ManualTicks(plot.Axes.Bottom, labelled.Select(i => (double)i).ToArray(),
                labelled.Select(i => sorted[i].Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plot.Axes.Bottom.TickLabelStyle.FontSize = n > 40 ? 9 : 11;
            if (n > 50) plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
            if (n > 50) plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            if (n > 50) plot.Axes.Bottom.MinimumSize = 60;
            plot.Grid.XAxisStyle.IsVisible = false;
            return plot;
        }
        var width = Math.Clamp(160 + n * 16, 640, 1800);
        return FigureCanvas.Render(
        [
            Panel("KL(q(z_u|x) || p(z_u)) per unit (log axis)", "KL (nats)", u => u.Kl, null),
            Panel($"Activity A_u = Cov_x(E_q[z_u]) per unit (log axis)", "A_u", u => u.Activity, activityThreshold),
        ], width, 340, columns: 1, $"KL per latent dimension: {count} of {n} units active (A_u > {Plots.Format(activityThreshold)})");
    }

    /// <summary>A grid of decoder means E[x|z] for samples z of the prior (named by <paramref name="prior"/>), <paramref name="columns"/> per row.</summary>
    public static FigureImage PriorSamples(ImageSet samples, int columns = 10, string prior = "N(0, I)")
    {
        if (samples.Images.Count == 0) throw new ArgumentException("PriorSamples: no images");
        columns = Math.Max(columns, 1);
        var rows = Enumerable.Range(0, (samples.Images.Count + columns - 1) / columns)
            .Select(r => (IReadOnlyList<float[]>)samples.Images.Skip(r * columns).Take(columns).ToArray()).ToArray();
        return new TileGrid($"Samples from the prior p(z) = {prior}: decoder means E[x|z]", rows, samples.Height, samples.Width)
        { Scale = ImageScale }.Render();
    }

    /// <summary>
    /// Test inputs with their reconstructions: a row of inputs (labelled "input") above the row of their
    /// reconstructions E[x|z = E_q[z|x]] ("reconstruction"), in pairs of rows of <paramref name="columns"/>.
    /// </summary>
    /// <summary>
    /// A conditional VAE's samples per class: row c holds decoder means E[x|z, y=c] at draws z ~ p(z|y=c)
    /// (<paramref name="samples"/> class-major, <paramref name="perClass"/> per row; Sohn et al. 2015, section 4).
    /// </summary>
    public static FigureImage ClassSamples(ImageSet samples, int perClass, string prior = "N(0, I)")
    {
        if (perClass < 1 || samples.Images.Count == 0 || samples.Images.Count % perClass != 0)
            throw new ArgumentException($"ClassSamples: {samples.Images.Count} images are not rows of {perClass}");
        var rows = Enumerable.Range(0, samples.Images.Count / perClass)
            .Select(r => (IReadOnlyList<float[]>)samples.Images.Skip(r * perClass).Take(perClass).ToArray()).ToArray();
        return new TileGrid($"Samples per class: decoder means E[x|z, y] at z ~ p(z|y) = {prior}", rows, samples.Height, samples.Width)
        { RowLabels = rows.Select((_, c) => $"y = {c}").ToArray(), Scale = ImageScale }.Render();
    }

    public static FigureImage Reconstructions(ImageSet inputs, ImageSet reconstructions, int columns = 10)
    {
        if (inputs.Images.Count != reconstructions.Images.Count || inputs.Height != reconstructions.Height || inputs.Width != reconstructions.Width)
            throw new ArgumentException($"Reconstructions: {inputs.Images.Count} inputs of {inputs.Height}x{inputs.Width} but " +
                $"{reconstructions.Images.Count} reconstructions of {reconstructions.Height}x{reconstructions.Width}");
        if (inputs.Images.Count == 0) throw new ArgumentException("Reconstructions: no images");
        var rows = new List<IReadOnlyList<float[]>>();
        var labels = new List<string>();
        for (var i = 0; i < inputs.Images.Count; i += columns)
        {
            rows.Add(inputs.Images.Skip(i).Take(columns).ToArray());
            rows.Add(reconstructions.Images.Skip(i).Take(columns).ToArray());
            labels.AddRange(["input", "reconstruction"]);
        }
        return new TileGrid("Test inputs and their reconstructions (decoder mean at the posterior mean)", rows, inputs.Height, inputs.Width)
        { RowLabels = labels, Scale = ImageScale, GroupRows = 2, GroupGap = 8 }.Render();
    }

    /// <summary>
    /// Latent traversals: one row per traversed unit, labelled with the unit and its range of values, one
    /// column per value (labelled with the values when every row shares them), the other units held at
    /// the code of one test image.
    /// </summary>
    public static FigureImage LatentTraversals(IReadOnlyList<LatentTraversal> traversals)
    {
        if (traversals.Count == 0) throw new ArgumentException("LatentTraversals: no traversals");
        var (h, w) = (traversals[0].Images.Height, traversals[0].Images.Width);
        if (traversals.Any(t => t.Images.Height != h || t.Images.Width != w))
            throw new ArgumentException("LatentTraversals: images differ in size between rows");
        var first = traversals[0].Values;
        var shared = traversals.All(t => t.Values.Count == first.Count && t.Values.Zip(first).All(p => Math.Abs(p.First - p.Second) < 1e-9));
        var rowLabels = traversals.Select(t => t.Values.Count == 0 ? $"z{t.Dimension}"
            : $"z{t.Dimension}: {Plots.Format(t.Values[0])} .. {Plots.Format(t.Values[^1])}").ToArray();
        return new TileGrid("Latent traversals: one unit varied per row, the others at a test image's code",
            traversals.Select(t => t.Images.Images).ToArray(), h, w)
        {
            RowLabels = rowLabels,
            ColumnLabels = shared ? first.Select(v => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null,
            XLabel = shared ? "value of the varied unit" : "evenly spaced values over each row's range (at left)",
            Scale = ImageScale,
        }.Render();
    }

    /// <summary>
    /// Decodings along the straight line between the codes of two test images, in one row: by convention
    /// the first and last images are the two test images themselves (framed, labelled A and B) and the
    /// others the decodings at t = 0, ..., 1.
    /// </summary>
    public static FigureImage Interpolation(ImageSet steps)
    {
        var n = steps.Images.Count;
        if (n < 2) throw new ArgumentException("Interpolation: fewer than two images");
        var inner = n - 2;
        var labels = Enumerable.Range(0, n).Select(i => i == 0 ? "A" : i == n - 1 ? "B"
            : (inner == 1 ? 0 : (i - 1) / (double)(inner - 1)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new TileGrid("Interpolation between the codes of test images A and B (framed)", [steps.Images], steps.Height, steps.Width)
        {
            ColumnLabels = labels,
            XLabel = "t: decoding of (1 - t) z_A + t z_B",
            Framed = [(0, 0), (0, n - 1)],
            Scale = ImageScale,
        }.Render();
    }

    /// <summary>
    /// Test latents coloured by label: the coordinates of a 2-D latent, or for a larger one the first two
    /// principal components (with their share of the variance) beside a t-SNE embedding (see <see cref="Tsne"/>,
    /// seeded by <paramref name="seed"/>); a 1-D latent is drawn against the label.
    /// </summary>
    public static FigureImage LatentScatter(IReadOnlyList<LabelledLatent> latents, ulong seed = 1, int tsneIterations = 750)
    {
        if (latents.Count == 0) throw new ArgumentException("LatentScatter: no latents");
        var dim = latents[0].Z.Length;
        if (latents.Any(l => l.Z.Length != dim)) throw new ArgumentException("LatentScatter: latent codes differ in dimension");
        var labels = latents.Select(l => l.Label).ToArray();
        if (dim == 1)
            return FigureCanvas.Render(Scatter("Test latents by label", "z1", "label",
                latents.Select(l => new[] { l.Z[0], l.Label }).ToArray(), labels, legend: true), 640, 520);
        if (dim == 2)
            return FigureCanvas.Render(Scatter("Test latents by label", "z1", "z2", latents.Select(l => l.Z).ToArray(), labels, legend: true), 640, 520);
        var codes = latents.Select(l => l.Z).ToArray();
        var pca = Pca.Fit(codes);
        var ratio = pca.ExplainedRatio;
        var projected = codes.Select(z => pca.Project(z)).ToArray();
        var embedded = Tsne.Embed(codes, new Rng(seed), iterations: tsneIterations);
        return FigureCanvas.Render(
        [
            (Scatter($"PCA of the {dim}-D posterior means", $"PC1 ({Percent(ratio[0])} of variance)", $"PC2 ({Percent(ratio[1])} of variance)", projected, labels, legend: false), 560),
            (Scatter($"t-SNE (perplexity {Plots.Format(Math.Min(Tsne.DefaultPerplexity, Math.Max(1, (codes.Length - 1) / 3.0)))})", "t-SNE 1", "t-SNE 2", embedded, labels, legend: true), 640),
        ], 520, columns: 2, $"{latents.Count} test latents coloured by digit label");
    }

    private static Plot Scatter(string title, string xLabel, string yLabel, IReadOnlyList<double[]> points, int[] labels, bool legend)
    {
        var plot = Plots.Create(title, xLabel, yLabel);
        foreach (var group in Enumerable.Range(0, points.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var color = Plots.Classes.GetColor(((group.Key % 10) + 10) % 10);
            var markers = plot.Add.Markers(group.Select(i => points[i][0]).ToArray(), group.Select(i => points[i][1]).ToArray(),
                MarkerShape.FilledCircle, 4, color.WithAlpha(0.75));
            markers.LegendText = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (legend) Charts.LegendOutside(plot);
        return plot;
    }

    private static string Percent(double ratio) =>
        (100 * ratio).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
