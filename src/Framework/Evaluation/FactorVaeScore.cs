using Research.Framework.Randomness;

namespace Research.Framework.Evaluation;

/// <summary>
/// The FactorVAE disentanglement metric (Kim and Mnih 2018, "Disentangling by factorising", section 4;
/// disentanglement_lib's factor_vae.py): codes are divided by their global standard deviation (over
/// <c>varianceSamples</c> uniform draws) and dimensions whose global variance is below 0.05 are pruned;
/// each vote fixes one factor k at a random value over a batch, takes the active dimension of least
/// within-batch variance, and records (that dimension, k). The classifier maps a dimension to the
/// factor it got most votes for (majority vote); the score is its accuracy on <c>evalVotes</c> new votes.
/// </summary>
public static class FactorVaeScore
{
    public sealed record Result(double TrainAccuracy, double EvalAccuracy, int ActiveDimensions)
    {
        public double Score => EvalAccuracy;
    }

    public const double PruneThreshold = 0.05;

    public static Result Compute(IReadOnlyList<int> factorSizes, Representation represent, Rng rng,
        int batchSize = 64, int trainVotes = 10_000, int evalVotes = 5_000, int varianceSamples = 10_000)
    {
        var f = factorSizes.Count;
        var global = represent(FactorSampling.Uniform(factorSizes, varianceSamples, rng), varianceSamples);
        var d = global.Length / varianceSamples;
        var (_, std) = FactorSampling.Moments(global, varianceSamples, d, raw: true);
        var active = Enumerable.Range(0, d).Where(j => std[j] * std[j] >= PruneThreshold).ToArray();
        if (active.Length == 0) return new Result(0, 0, 0);
        for (var j = 0; j < d; j++)
            if (std[j] == 0) std[j] = 1; // pruned anyway; keeps the division finite

        var train = Votes(factorSizes, represent, rng.Split(), batchSize, trainVotes, std, active, d);
        var eval = Votes(factorSizes, represent, rng.Split(), batchSize, evalVotes, std, active, d);
        var classOf = new int[d];
        for (var j = 0; j < d; j++)
        {
            var best = 0;
            for (var k = 1; k < f; k++)
                if (train[j, k] > train[j, best]) best = k;
            classOf[j] = best;
        }
        return new Result(Accuracy(train, classOf, trainVotes), Accuracy(eval, classOf, evalVotes), active.Length);
    }

    private static double Accuracy(int[,] votes, int[] classOf, int total)
    {
        var correct = 0;
        for (var j = 0; j < classOf.Length; j++) correct += votes[j, classOf[j]];
        return correct / (double)total;
    }

    /// <summary>votes[dimension, factor].</summary>
    private static int[,] Votes(IReadOnlyList<int> sizes, Representation represent, Rng rng, int batchSize, int count, double[] std, int[] active, int d)
    {
        var f = sizes.Count;
        var votes = new int[d, f];
        var variance = new double[d];
        for (var v = 0; v < count; v++)
        {
            var k = rng.NextInt(f);
            var rows = FactorSampling.Uniform(sizes, batchSize, rng);
            FactorSampling.Fix(rows, f, k, rng.NextInt(sizes[k]));
            var codes = represent(rows, batchSize);
            for (var j = 0; j < d; j++)
            {
                double mean = 0, square = 0;
                for (var i = 0; i < batchSize; i++)
                {
                    var z = codes[i * d + j] / std[j];
                    mean += z;
                    square += z * z;
                }
                mean /= batchSize;
                // Unbiased (ddof = 1) as np.var(..., ddof=1) in disentanglement_lib.
                variance[j] = (square - batchSize * mean * mean) / Math.Max(1, batchSize - 1);
            }
            var argmin = active[0];
            foreach (var j in active)
                if (variance[j] < variance[argmin]) argmin = j;
            votes[argmin, k]++;
        }
        return votes;
    }
}
