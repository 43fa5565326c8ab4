using Research.Experiments.Runner;
using Research.Framework.Autodiff;
using Research.Framework.Data;
using Research.Framework.Evaluation;
using Research.Framework.Objectives.Schedules;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Artifacts;

/// <summary>
/// The figures of one finished run, under <c>figures/</c>: learning curves, bounds, the KL weight
/// schedule, KL per latent dimension, prior samples, reconstructions, latent traversals, an
/// interpolation and a scatter of test latents. A pure function of the model, the evaluation set,
/// the history and an <see cref="Rng"/>: the same seed gives the same bytes.
/// </summary>
/// <remarks>
/// All model work runs under <see cref="NoGrad"/> in <see cref="TensorScope"/> blocks, values copied
/// out before each scope ends, so nothing pooled outlives the call. Every figure draws from its own
/// keyed child of <c>rng</c>, so skipping one figure does not change another.
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

    /// <summary>A traversal spans this many prior standard deviations either side of the prior's mean.</summary>
    public const double TraversalSpan = 3.0;

    /// <summary>Prior draws that estimate the prior's mean and sd per unit (any prior: mixtures, VampPrior, hierarchies).</summary>
    private const int PriorMomentSamples = 2000;

    private const int EncodeBatch = 250;

    /// <summary>Posterior samples averaged for E_q[z] when the posterior is not a plain Gaussian (flows, ladders).</summary>
    private const int MonteCarloSamples = 32;

    private const ulong EncodeKey = 1, PriorKey = 2, TraversalKey = 3;

    /// <param name="totalSteps">The optimizer steps of the whole run: the KL weight is drawn at the steps taken, [0, totalSteps - 1].</param>
    public static IReadOnlyList<Artifact> Render(VaeModel model, Dataset evaluationData, IReadOnlyList<EpochLog> history,
        IKlSchedule klSchedule, long totalSteps, Rng rng)
    {
        var artifacts = new List<Artifact>();
        if (history.Count > 0)
        {
            artifacts.Add(Artifact.Text("figures/learning_curves.svg", VaeFigures.LearningCurves(history.Select(Curve).ToArray(), "ELBO")));
            artifacts.Add(Artifact.Text("figures/bounds.svg", Bounds(history)));
        }
        artifacts.Add(Artifact.Text("figures/kl_weight.svg", VaeFigures.KlWeight(KlWeights(klSchedule, totalSteps))));
        if (history.LastOrDefault(e => e.Test is not null)?.Test is { KlPerDimension: { } kl } test)
            artifacts.Add(Artifact.Text("figures/kl_per_dimension.svg", VaeFigures.KlPerDimension(Units(kl, test.ActiveUnits), test.ActiveUnits.Threshold)));

        using var noGrad = NoGrad.Begin();
        var side = ImageSide(evaluationData.Features);
        var count = Math.Min(ScatterCount, evaluationData.Count);
        var codes = count > 0 ? Codes(model, evaluationData, count, rng.Split(EncodeKey)) : [];
        if (side > 0)
        {
            artifacts.Add(new Artifact("figures/prior_samples.png", VaeFigures.PriorSamples(PriorSamples(model, side, rng.Split(PriorKey)), columns: 8)));
            if (count > 0)
            {
                var n = Math.Min(ReconstructionCount, count);
                var inputs = Images(evaluationData.Images.AsSpan(0, n * evaluationData.Features), side);
                var reconstructions = Images(DecodeMeans(model, codes.AsSpan(0, n * model.Latent)), side);
                artifacts.Add(new Artifact("figures/reconstructions.png", VaeFigures.Reconstructions(inputs, reconstructions, columns: 8)));
                artifacts.Add(new Artifact("figures/latent_traversals.png", VaeFigures.LatentTraversals(Traversals(model, codes, count, side, rng.Split(TraversalKey)))));
            }
            if (count > 1)
                artifacts.Add(new Artifact("figures/interpolation.png", VaeFigures.Interpolation(Interpolation(model, evaluationData, codes, count, side))));
        }
        if (count > 0 && evaluationData.Labels is { } labels)
            artifacts.Add(Artifact.Text("figures/latent_scatter.svg", VaeFigures.LatentScatter(Enumerable.Range(0, count)
                .Select(i => new LabelledLatent(Doubles(Row(codes, i, model.Latent)), labels[i])).ToArray())));
        return artifacts;
    }

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
    /// objective optimizes is in <c>bounds.svg</c>.
    /// </summary>
    private static EpochMetrics Curve(EpochLog e) =>
        new(e.Epoch, e.Elbo, e.Reconstruction, e.Kl,
            e.Test?.Elbo ?? double.NaN, e.Test?.Reconstruction ?? double.NaN, e.Test?.Kl ?? double.NaN);

    /// <summary>
    /// The training objective's bound (when it is not the plain ELBO: IWAE, beta, annealing), the train
    /// and test ELBO and the test log-likelihood estimate against epoch: the gaps between them are the
    /// point of IWAE (Burda et al. 2016, section 3).
    /// </summary>
    private static string Bounds(IReadOnlyList<EpochLog> history)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        var series = new List<Series>();
        if (history.Any(e => Math.Abs(e.Bound - e.Elbo) > 1e-6 * Math.Max(1, Math.Abs(e.Elbo))))
            series.Add(new Series("train bound (objective)", epochs, history.Select(e => e.Bound).ToArray()));
        series.Add(new Series("train ELBO", epochs, history.Select(e => e.Elbo).ToArray()));
        var tested = history.Where(e => e.Test is not null).ToArray();
        if (tested.Length > 0)
        {
            var x = tested.Select(e => (double)e.Epoch).ToArray();
            series.Add(new Series("test ELBO", x, tested.Select(e => e.Test!.Elbo).ToArray()) { Markers = true });
            series.Add(new Series("test log p(x) (importance sampled)", x, tested.Select(e => e.Test!.LogLikelihood).ToArray()) { Markers = true });
        }
        return new LineChart("Bounds on log p(x)", "epoch", "nats per example", series) { Width = 760 }.ToSvg();
    }

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

    /// <summary>E_q[z|x] of the first <paramref name="count"/> examples, row-major [count, Latent].</summary>
    private static float[] Codes(VaeModel model, Dataset data, int count, Rng rng)
    {
        var d = model.Latent;
        var codes = new float[count * d];
        for (var start = 0; start < count; start += EncodeBatch)
        {
            var n = Math.Min(EncodeBatch, count - start);
            using var scope = TensorScope.Begin();
            var x = Tensor.FromArray(data.Images.AsSpan(start * data.Features, n * data.Features), new Shape(n, data.Features), model.ParameterDevice());
            // A plain Gaussian's mean is exact and needs one draw; other posteriors are averaged over draws.
            var mean = model.Posterior.Sample(x, 1, rng).Gaussian?.Mean ?? ActiveUnits.PosteriorMeans(model, x, rng, MonteCarloSamples);
            mean.ToArray().CopyTo(codes.AsSpan(start * d, n * d));
        }
        return codes;
    }

    /// <summary>The likelihood's mean at each latent row of <paramref name="codes"/> ([rows, Latent]), [rows, P].</summary>
    private static float[] DecodeMeans(VaeModel model, ReadOnlySpan<float> codes)
    {
        using var scope = TensorScope.Begin();
        var z = Tensor.FromArray(codes, new Shape(codes.Length / model.Latent, model.Latent), model.ParameterDevice());
        return model.DecodeMean(z).ToArray();
    }

    /// <summary>
    /// Means of p(x|z) at z ~ p(z): the usual way to show MNIST samples, since Bernoulli draws of the
    /// pixels add salt-and-pepper noise that hides what the model learned.
    /// </summary>
    private static ImageSet PriorSamples(VaeModel model, int side, Rng rng)
    {
        using var scope = TensorScope.Begin();
        return Images(model.DecodeMean(model.Prior.Sample(PriorSampleCount, rng)).ToArray(), side);
    }

    /// <summary>
    /// The <see cref="TraversalRows"/> most active units the decoder reads (largest variance of the posterior
    /// means, A_u of Burda et al. 2016, eq. 10), each set in turn to evenly spaced values over the prior's
    /// mean ± <see cref="TraversalSpan"/> sd (the [-3, 3] of Higgins et al. 2017 for a standard normal
    /// prior), the other units held at the code of the first test image.
    /// </summary>
    private static LatentTraversal[] Traversals(VaeModel model, float[] codes, int count, int side, Rng rng)
    {
        var d = model.Latent;
        var (_, activity) = Moments(codes, count, d);
        var (mean, sd) = PriorMoments(model, rng);
        var dims = Enumerable.Range(0, Math.Min(model.DecoderLatent, d))
            .OrderByDescending(u => activity[u]).ThenBy(u => u).Take(TraversalRows).ToArray();
        var values = dims.Select(u => Enumerable.Range(0, TraversalSteps)
            .Select(i => mean[u] + sd[u] * TraversalSpan * (2.0 * i / (TraversalSteps - 1) - 1)).ToArray()).ToArray();
        var grid = new float[dims.Length * TraversalSteps * d];
        for (var r = 0; r < dims.Length; r++)
        for (var i = 0; i < TraversalSteps; i++)
        {
            var row = grid.AsSpan((r * TraversalSteps + i) * d, d);
            Row(codes, 0, d).CopyTo(row);
            row[dims[r]] = (float)values[r][i];
        }
        var images = Images(DecodeMeans(model, grid), side).Images;
        return dims.Select((u, r) => new LatentTraversal(u, values[r],
            new ImageSet(images.Skip(r * TraversalSteps).Take(TraversalSteps).ToArray(), side, side))).ToArray();
    }

    /// <summary>
    /// The first test image, decodings of <see cref="InterpolationSteps"/> evenly spaced points on the line
    /// between its posterior mean and that of the first image of another class (the second image without
    /// labels), and that image.
    /// </summary>
    private static ImageSet Interpolation(VaeModel model, Dataset data, float[] codes, int count, int side)
    {
        var d = model.Latent;
        var other = data.Labels is { } labels
            ? Enumerable.Range(1, count - 1).FirstOrDefault(i => labels[i] != labels[0], 1)
            : 1;
        var a = Row(codes, 0, d);
        var b = Row(codes, other, d);
        var path = new float[InterpolationSteps * d];
        for (var i = 0; i < InterpolationSteps; i++)
        {
            var t = (float)i / (InterpolationSteps - 1);
            for (var u = 0; u < d; u++) path[i * d + u] = (1 - t) * a[u] + t * b[u];
        }
        var decoded = Images(DecodeMeans(model, path), side).Images;
        return new ImageSet([data.Image(0).ToArray(), .. decoded, data.Image(other).ToArray()], side, side);
    }

    private static (double[] Mean, double[] Sd) PriorMoments(VaeModel model, Rng rng)
    {
        using var scope = TensorScope.Begin();
        return Moments(model.Prior.Sample(PriorMomentSamples, rng).ToArray(), PriorMomentSamples, model.Latent);
    }

    /// <summary>Mean and standard deviation of each column of the first <paramref name="count"/> rows of [count, d].</summary>
    private static (double[] Mean, double[] Sd) Moments(float[] codes, int count, int d)
    {
        var mean = new double[d];
        var sd = new double[d];
        for (var u = 0; u < d; u++)
        {
            double sum = 0, sq = 0;
            for (var i = 0; i < count; i++) sum += codes[i * d + u];
            mean[u] = sum / count;
            for (var i = 0; i < count; i++) sq += (codes[i * d + u] - mean[u]) * (codes[i * d + u] - mean[u]);
            sd[u] = Math.Sqrt(sq / count);
        }
        return (mean, sd);
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
