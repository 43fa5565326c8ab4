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
    public static EvaluationResult Evaluate(VaeModel model, IReadOnlyList<Tensor> batches, EvaluationOptions options, Rng rng,
        IReadOnlyList<Tensor>? activeUnitBatches = null, CancellationToken cancel = default, Action<int, int>? evaluated = null)
    {
        double logLik = 0, elbo = 0, recon = 0, kl = 0;
        double[]? klPerDim = null;
        var count = 0;
        var total = batches.Sum(x => x.Shape.Rows);
        var device = model.ParameterDevice();
        foreach (var batch in batches)
        {
            cancel.ThrowIfCancellationRequested(); // K = 5000 over a test set takes minutes: Ctrl-C should not wait for it
            var b = batch.Shape.Rows;
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            var x = batch.To(device);
            logLik += ImportanceSampling.LogLikelihood(model, x, options.ImportanceSamples, rng.Split(), options.Chunk).Sum();
            var terms = ElboObjective.Compute(model, x, rng.Split(), options.ElboSamples);
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
        var active = ActiveUnits.Compute(model, activeUnitBatches ?? batches, rng.Split(), options.ActiveThreshold, options.ActiveUnitSamples);
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
