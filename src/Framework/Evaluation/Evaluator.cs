using Research.Framework.Autodiff;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>How to evaluate: K for log p(x) and its chunk, samples for the ELBO, the active-unit threshold.</summary>
public sealed record EvaluationOptions(int ImportanceSamples = 5000, int Chunk = 500, int ElboSamples = 1, double ActiveThreshold = 0.01, int ActiveUnitSamples = 100);

/// <summary>Data-set averages per data point (nats), the per-dimension KL and active units.</summary>
/// <param name="LogLikelihood">Mean importance-sampled log p(x) (IWAE_K with K = ImportanceSamples).</param>
/// <param name="KlPerDimension">Mean closed-form KL per latent dimension [D], or null when not analytic.</param>
public sealed record EvaluationResult(
    double LogLikelihood,
    double Elbo,
    double Reconstruction,
    double Kl,
    double[]? KlPerDimension,
    ActiveUnits ActiveUnits,
    int Count);

/// <summary>
/// Evaluates a trained VAE on a data set (a sequence of batches, on the host or the model's device),
/// under NoGrad with a scope per batch; each batch is moved to the model's device and the results
/// are read back as host values.
/// </summary>
public static class Evaluator
{
    /// <param name="activeUnitBatches">The data of the active-unit statistic, when not <paramref name="batches"/>
    /// (Burda et al.'s code uses the first 500 training images).</param>
    /// <param name="evaluated">Called after each batch with (data points done, data points in all): K = 5000
    /// over a test set takes minutes, and a caller should be able to say how far it is.</param>
    /// <param name="labels">For a conditional model, the one-hot labels [B, C] of each batch (and of each active-unit
    /// batch in <paramref name="activeUnitLabels"/>): the log-likelihood is then the importance-sampled log p(x|y)
    /// (Sohn et al. 2015, eq. 6 with q(z|x,y) as proposal), the KL is KL(q(z|x,y) || p(z|y)).</param>
    public static EvaluationResult Evaluate(VaeModel model, IReadOnlyList<Tensor> batches, EvaluationOptions options, Rng rng,
        IReadOnlyList<Tensor>? activeUnitBatches = null, CancellationToken cancel = default, Action<int, int>? evaluated = null,
        IReadOnlyList<Tensor>? labels = null, IReadOnlyList<Tensor>? activeUnitLabels = null)
    {
        if (labels is not null && labels.Count != batches.Count)
            throw new ArgumentException($"{batches.Count} batches but {labels.Count} label batches.");
        double logLik = 0, elbo = 0, recon = 0, kl = 0;
        double[]? klPerDim = null;
        var count = 0;
        var total = batches.Sum(x => x.Shape.Rows);
        var device = model.ParameterDevice();
        for (var i = 0; i < batches.Count; i++)
        {
            cancel.ThrowIfCancellationRequested(); // K = 5000 over a test set takes minutes: Ctrl-C should not wait for it
            var batch = batches[i];
            var b = batch.Shape.Rows;
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            var x = batch.To(device);
            var scored = model.ForBatch(labels?[i].To(device));
            logLik += ImportanceSampling.LogLikelihood(scored, x, options.ImportanceSamples, rng.Split(), options.Chunk).Sum();
            var terms = ElboObjective.Compute(scored, x, rng.Split(), options.ElboSamples);
            elbo += Sum(terms.Elbo);
            recon += Sum(terms.Reconstruction);
            kl += Sum(terms.Kl);
            if (terms.KlPerDimension?.ToHost() is { } perDim)
            {
                klPerDim ??= new double[perDim.Size];
                for (var j = 0; j < perDim.Size; j++) klPerDim[j] += perDim.Data[j] * b; // batch mean -> sum
            }
            count += b;
            evaluated?.Invoke(count, total);
        }
        if (count == 0) throw new ArgumentException("Evaluate needs at least one data point.");
        if (klPerDim is not null)
            for (var j = 0; j < klPerDim.Length; j++) klPerDim[j] /= count;
        var active = ActiveUnits.Compute(model, activeUnitBatches ?? batches, rng.Split(), options.ActiveThreshold, options.ActiveUnitSamples,
            activeUnitBatches is null ? labels : activeUnitLabels);
        return new EvaluationResult(logLik / count, elbo / count, recon / count, kl / count, klPerDim, active, count);
    }

    /// <summary>The sum in double precision of a tensor's values, read on the host.</summary>
    private static double Sum(Tensor t)
    {
        var s = 0.0;
        foreach (var v in t.ToHost().Data) s += v;
        return s;
    }
}
