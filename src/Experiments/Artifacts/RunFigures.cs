using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Objectives.Schedules;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;
using Research.Framework.Randomness;
using Research.Framework.Vae;
using Research.Framework.Vae.Priors;

namespace Research.Experiments.Artifacts;

/// <summary>
/// The figures of one finished run, under <c>figures/</c>: learning curves, bounds, the KL weight
/// schedule (when it is not constant), KL per latent dimension, prior samples, reconstructions, latent
/// traversals, an interpolation and a scatter of test latents (PCA and t-SNE); for a conditional VAE samples per
/// class instead of prior samples, traversals and the interpolation; on data with ground-truth factors
/// (dSprites) a traversal of each factor with its reconstructions and the latent units' response to each factor:
/// each a PNG, charts also as SVG. A pure function of the model, the evaluation set,
/// the history and an <see cref="Rng"/>: the same seed gives the same bytes.
/// </summary>
/// <remarks>
/// The model work (codes, decodings, traversal grid, interpolation) is in Research.Framework.Evaluation
/// (<see cref="LatentCodes"/>, <see cref="LatentDecoding"/>, <see cref="TraversalGrid"/>,
/// <see cref="LatentInterpolation"/>): pure functions that run under NoGrad in tensor scopes and return
/// host arrays, so nothing pooled outlives the call; this class turns their results into figures. Every
/// figure draws from its own keyed child of <c>rng</c>, so skipping one figure does not change another.
/// </remarks>
public static class RunFigures
{
    public const int PriorSampleCount = 64;
    public const int ReconstructionCount = 16;
    public const int ScatterCount = 1000;
    public const int TraversalRows = 10;
    public const int TraversalSteps = 11;
    public const int InterpolationSteps = 10;
    public const int KlWeightPoints = 500;

    /// <summary>Samples per row (per class) of a conditional VAE's samples_per_class figure.</summary>
    public const int ClassSampleColumns = 10;

    /// <summary>A traversal spans this many prior standard deviations either side of the prior's mean.</summary>
    public const double TraversalSpan = 3.0;

    /// <summary>Classes shown per ground-truth factor (all of them when a factor has fewer).</summary>
    public const int FactorSteps = 10;

    /// <summary>Random combinations of the other factors averaged per class in the response figure.</summary>
    public const int FactorResponseSamples = 200;

    private const ulong EncodeKey = 1, PriorKey = 2, TraversalKey = 3, TsneKey = 4, FactorTraversalKey = 5, FactorResponseKey = 6;

    /// <param name="totalSteps">The optimizer steps of the whole run: the KL weight is drawn at the steps taken, [0, totalSteps - 1].</param>
    /// <param name="groundTruth">The process that generated the data from known factors, when there is one: adds the factor figures.</param>
    public static IReadOnlyList<Artifact> Render(VaeModel model, Dataset evaluationData, IReadOnlyList<EpochLog> history,
        IKlSchedule klSchedule, long totalSteps, Rng rng, GroundTruthProcess? groundTruth = null)
    {
        var artifacts = new List<Artifact>();
        void Add(string name, FigureImage figure)
        {
            artifacts.Add(new Artifact($"figures/{name}.png", figure.Png));
            if (figure.Svg is { } svg) artifacts.Add(Artifact.Text($"figures/{name}.svg", svg));
        }
        if (history.Count > 0)
        {
            Add("learning_curves", VaeFigures.LearningCurves(history.Select(Curve).ToArray(), "ELBO"));
            Add("bounds", VaeFigures.Bounds(history.Select(Bounds).ToArray()));
        }
        // A constant schedule (no annealing) has nothing to show.
        var weights = KlWeights(klSchedule, totalSteps);
        if (weights.Select(w => w.Weight).Distinct().Count() > 1) Add("kl_weight", VaeFigures.KlWeight(weights));
        if (history.LastOrDefault(e => e.Test is not null)?.Test is { KlPerDimension: { } kl } test)
            Add("kl_per_dimension", VaeFigures.KlPerDimension(Units(kl, test.ActiveUnits), test.ActiveUnits.Threshold));

        var side = ImageSide(evaluationData.Features);
        var count = Math.Min(ScatterCount, evaluationData.Count);
        var labels = evaluationData.Labels;
        var codes = count > 0
            ? LatentCodes.PosteriorMeans(model, evaluationData.Images.AsSpan(0, count * evaluationData.Features), count, rng.Split(EncodeKey), labels: labels)
            : [];
        if (side > 0 && model.Condition is { } condition)
        {
            // A conditional VAE decodes [z, onehot(y)]: its samples are drawn per class, and its reconstructions
            // use each image's label; traversals and interpolations, which decode one code alone, are not drawn.
            var perClass = ClassSampleColumns;
            var samples = LatentDecoding.ConditionalSampleMeans(model, LatentDecoding.ClassRows(condition.Classes, perClass), rng.Split(PriorKey));
            Add("samples_per_class", VaeFigures.ClassSamples(Images(samples, side), perClass, PriorName(model.Prior)));
            if (count > 0 && labels is not null)
            {
                var n = Math.Min(ReconstructionCount, count);
                var inputs = Images(evaluationData.Images.AsSpan(0, n * evaluationData.Features), side);
                var view = model.Given(OneHot.Encode(labels.AsSpan(0, n), condition.Classes).To(model.ParameterDevice()));
                Add("reconstructions", VaeFigures.Reconstructions(inputs, Images(LatentDecoding.Means(view, codes.AsSpan(0, n * model.Latent)), side), columns: 8));
            }
        }
        else if (side > 0)
        {
            var priorSamples = Images(LatentDecoding.PriorSampleMeans(model, PriorSampleCount, rng.Split(PriorKey)), side);
            Add("prior_samples", VaeFigures.PriorSamples(priorSamples, columns: 8, PriorName(model.Prior)));
            if (count > 0)
            {
                var n = Math.Min(ReconstructionCount, count);
                var inputs = Images(evaluationData.Images.AsSpan(0, n * evaluationData.Features), side);
                var reconstructions = Images(LatentDecoding.Means(model, codes.AsSpan(0, n * model.Latent)), side);
                Add("reconstructions", VaeFigures.Reconstructions(inputs, reconstructions, columns: 8));
                // Codes are discrete under a uniform prior over them (VQ-VAE): sweeping one coordinate by prior sds means nothing there.
                if (model.Prior is not UniformCodesPrior)
                    Add("latent_traversals", VaeFigures.LatentTraversals(Traversals(model, codes, count, side, rng.Split(TraversalKey))));
            }
            if (count > 1)
                Add("interpolation", VaeFigures.Interpolation(Interpolation(model, evaluationData, codes, count, side)));
        }
        if (groundTruth is not null && side > 0)
        {
            Add("factor_traversals", FactorFigures.Traversals(FactorTraversals(model, groundTruth, side, rng.Split(FactorTraversalKey))));
            var response = FactorResponse.Compute(model, groundTruth, rng.Split(FactorResponseKey), FactorSteps, FactorResponseSamples);
            Add("factor_response", FactorFigures.CodeResponses(groundTruth.Names.Select((name, k) =>
                new FactorCodeResponse(name, response.Classes[k], response.Means[k])).ToArray(), MostActive(codes, count, model, TraversalRows)));
        }
        if (count > 0 && labels is not null)
            Add("latent_scatter", VaeFigures.LatentScatter(Enumerable.Range(0, count)
                .Select(i => new LabelledLatent(Doubles(Row(codes, i, model.Latent)), labels[i])).ToArray(), rng.Split(TsneKey).NextUInt64()));
        return artifacts;
    }

    /// <summary>The prior as a figure names it ("standard normal N(0, I)", "VampPrior").</summary>
    public static string PriorName(IPrior prior) => prior switch
    {
        StandardNormalPrior => "N(0, I)",
        ConditionalGaussianPrior => "learned N(mu(y), sigma(y)^2)",
        MixtureOfGaussiansPrior => "mixture of Gaussians",
        VampPrior => "VampPrior",
        HierarchicalPrior h => $"hierarchical ({h.Sizes.Count} layers)",
        UniformCodesPrior => "uniform over codes (VQ-VAE's training prior; the paper samples from a PixelCNN fit afterwards)",
        _ => prior.GetType().Name,
    };

    /// <summary>
    /// The side of a square image of <paramref name="features"/> pixels (28 for MNIST's 784), or 0 when
    /// the data are not square images and the image figures are skipped.
    /// </summary>
    public static int ImageSide(int features)
    {
        var side = (int)Math.Round(Math.Sqrt(features));
        return features > 0 && side * side == features ? side : 0;
    }

    /// <summary>
    /// One epoch in the learning-curve panels: the plain ELBO (beta = 1) on both sides, so that train and
    /// test are the same quantity and ELBO = reconstruction - KL holds within each panel; the bound the
    /// objective optimizes is in <c>bounds.png</c>.
    /// </summary>
    private static EpochMetrics Curve(EpochLog e) =>
        new(e.Epoch, e.Elbo, e.Reconstruction, e.Kl,
            e.Test?.Elbo ?? double.NaN, e.Test?.Reconstruction ?? double.NaN, e.Test?.Kl ?? double.NaN);

    /// <summary>One epoch's bounds on log p(x): the objective's, the train and test ELBO and the test log-likelihood estimate.</summary>
    private static EpochBounds Bounds(EpochLog e) =>
        new(e.Epoch, e.Bound, e.Elbo, e.Test?.Elbo ?? double.NaN, e.Test?.LogLikelihood ?? double.NaN);

    /// <summary>
    /// The schedule's weight at up to <see cref="KlWeightPoints"/> evenly spaced steps of those taken,
    /// [0, totalSteps - 1] (step totalSteps is never trained: a cyclical schedule would show a new cycle there).
    /// </summary>
    private static KlWeightPoint[] KlWeights(IKlSchedule schedule, long totalSteps)
    {
        var last = Math.Max(totalSteps - 1, 0);
        var n = (int)Math.Min(KlWeightPoints, last + 1);
        return Enumerable.Range(0, n)
            .Select(i => n == 1 ? 0L : (long)Math.Round((double)i * last / (n - 1)))
            .Distinct()
            .Select(step => new KlWeightPoint(step, schedule.Weight(step)))
            .ToArray();
    }

    private static LatentUnit[] Units(double[] kl, ActiveUnits active) =>
        kl.Select((v, d) => new LatentUnit(d, v, d < active.Variances.Length ? active.Variances[d] : double.NaN)).ToArray();

    /// <summary>
    /// The traversal grid of <see cref="TraversalGrid.Compute"/> (<see cref="TraversalRows"/> units, <see cref="TraversalSteps"/>
    /// values over the prior's mean ± <see cref="TraversalSpan"/> sd, the other units at the code of the first test image) as image rows.
    /// </summary>
    private static LatentTraversal[] Traversals(VaeModel model, float[] codes, int count, int side, Rng rng)
    {
        var grid = TraversalGrid.Compute(model, codes, count, rng, TraversalRows, TraversalSteps, TraversalSpan);
        var images = Images(grid.Means, side).Images;
        return grid.Units.Select((u, r) => new LatentTraversal(u, grid.Values[r],
            new ImageSet(images.Skip(r * TraversalSteps).Take(TraversalSteps).ToArray(), side, side))).ToArray();
    }

    /// <summary>Each factor of <paramref name="process"/> over <see cref="FactorSteps"/> classes from one random combination (<see cref="FactorTraversalGrid"/>).</summary>
    private static FactorTraversal[] FactorTraversals(VaeModel model, GroundTruthProcess process, int side, Rng rng)
    {
        var grid = FactorTraversalGrid.Compute(model, process, rng, FactorSteps);
        return process.Names.Select((name, k) =>
            new FactorTraversal(name, grid.Classes[k], Images(grid.Images[k], side), Images(grid.Reconstructions[k], side))).ToArray();
    }

    /// <summary>Up to <paramref name="n"/> units with the largest variance of the test codes, most active first (all units without codes).</summary>
    private static int[] MostActive(float[] codes, int count, VaeModel model, int n)
    {
        var d = model.Latent;
        var units = Enumerable.Range(0, d);
        if (count > 1)
        {
            var sd = LatentMoments.Of(codes, count, d).Sd;
            units = units.OrderByDescending(u => sd[u]).ThenBy(u => u);
        }
        return units.Take(n).ToArray();
    }

    /// <summary>
    /// The first test image, decodings of <see cref="InterpolationSteps"/> evenly spaced points on the line
    /// between its posterior mean and that of <see cref="LatentInterpolation.Partner"/> (the first image of another
    /// class; the second image without labels), and that image.
    /// </summary>
    private static ImageSet Interpolation(VaeModel model, Dataset data, float[] codes, int count, int side)
    {
        var d = model.Latent;
        var other = LatentInterpolation.Partner(data.Labels, count);
        var decoded = Images(LatentInterpolation.Means(model, Row(codes, 0, d), Row(codes, other, d), InterpolationSteps), side).Images;
        return new ImageSet([data.Image(0).ToArray(), .. decoded, data.Image(other).ToArray()], side, side);
    }

    private static ReadOnlySpan<float> Row(float[] codes, int row, int d) => codes.AsSpan(row * d, d);

    private static double[] Doubles(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static ImageSet Images(ReadOnlySpan<float> flat, int side)
    {
        var size = side * side;
        var images = new float[flat.Length / size][];
        for (var i = 0; i < images.Length; i++) images[i] = flat.Slice(i * size, size).ToArray();
        return new ImageSet(images, side, side);
    }
}
