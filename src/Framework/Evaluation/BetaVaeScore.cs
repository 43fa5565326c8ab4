using Research.Framework.Randomness;

namespace Research.Framework.Evaluation;

/// <summary>
/// The beta-VAE disentanglement metric (Higgins et al. 2017, "beta-VAE: Learning basic visual concepts
/// with a constrained variational framework", section 4 and appendix A.4; disentanglement_lib's
/// beta_vae.py): each point picks a factor k uniformly, draws <c>batchSize</c> pairs of factor rows
/// that agree in factor k only by construction, and records z_diff = mean over pairs of |r(x1) - r(x2)|
/// with label k; a linear classifier (<see cref="LogisticRegression"/>) is trained on
/// <c>trainPoints</c> such points, and the score is its accuracy on <c>evalPoints</c> new ones.
/// </summary>
public static class BetaVaeScore
{
    public sealed record Result(double TrainAccuracy, double EvalAccuracy)
    {
        public double Score => EvalAccuracy;
    }

    public static Result Compute(IReadOnlyList<int> factorSizes, Representation represent, Rng rng,
        int batchSize = 64, int trainPoints = 10_000, int evalPoints = 5_000)
    {
        var (trainX, trainY, d) = Points(factorSizes, represent, rng.Split(), batchSize, trainPoints);
        var (evalX, evalY, _) = Points(factorSizes, represent, rng.Split(), batchSize, evalPoints);
        var classifier = LogisticRegression.Fit(trainX, trainY, d, factorSizes.Count);
        return new Result(classifier.Accuracy(trainX, trainY), classifier.Accuracy(evalX, evalY));
    }

    private static (float[] X, int[] Y, int D) Points(IReadOnlyList<int> sizes, Representation represent, Rng rng, int batchSize, int points)
    {
        var f = sizes.Count;
        float[]? x = null;
        var y = new int[points];
        var d = 0;
        for (var p = 0; p < points; p++)
        {
            var k = rng.NextInt(f);
            var first = FactorSampling.Uniform(sizes, batchSize, rng);
            var second = FactorSampling.Uniform(sizes, batchSize, rng);
            for (var i = 0; i < batchSize; i++) second[i * f + k] = first[i * f + k];
            var (a, b) = (represent(first, batchSize), represent(second, batchSize));
            d = a.Length / batchSize;
            x ??= new float[points * d];
            for (var i = 0; i < batchSize; i++)
            for (var j = 0; j < d; j++)
                x[p * d + j] += MathF.Abs(a[i * d + j] - b[i * d + j]) / batchSize;
            y[p] = k;
        }
        return (x!, y, d);
    }
}
