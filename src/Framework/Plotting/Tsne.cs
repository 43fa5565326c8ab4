using Research.Framework.Randomness;

namespace Research.Framework.Plotting;

/// <summary>
/// Exact t-SNE: a 2-D embedding of a few thousand points that keeps their neighbourhoods
/// (van der Maaten and Hinton, 2008, "Visualizing Data using t-SNE", JMLR 9).
/// </summary>
/// <remarks>
/// Input affinities p_{j|i} are Gaussian with a precision per point, found by binary search so that
/// the entropy of P_i is log(perplexity) (section 2); p_ij = (p_{j|i} + p_{i|j}) / 2n. Output
/// affinities are Student-t with one degree of freedom, q_ij ∝ (1 + |y_i - y_j|²)^-1 (section 3), and
/// the gradient of KL(P || Q) is 4 Σ_j (p_ij - q_ij)(y_i - y_j)(1 + |y_i - y_j|²)^-1 (equation 5).
/// Optimisation as in the paper's section 3.4: Gaussian start with sd 1e-4 from the given
/// <see cref="Rng"/>, momentum 0.5 then 0.8, early exaggeration (P x 12 for the first 250 iterations) and
/// per-coordinate adaptive gains (Jacobs, 1988). O(n²) time and memory per iteration: fine for ~2,000
/// points. Rows are computed in parallel but every sum is taken in a fixed order: the same input and
/// seed give the same embedding bit for bit.
/// </remarks>
public static class Tsne
{
    public const double DefaultPerplexity = 30;
    private const double Exaggeration = 12, MinGain = 0.01;
    private const int ExaggerationIterations = 250, MomentumSwitch = 250;

    public static double[][] Embed(IReadOnlyList<double[]> points, Rng rng, double perplexity = DefaultPerplexity, int iterations = 750)
    {
        var n = points.Count;
        if (n == 0) return [];
        if (n == 1) return [[0, 0]];
        var p = Affinities(points, Math.Clamp(perplexity, 1, Math.Max(1, (n - 1) / 3.0)));
        var y = new double[n * 2];
        for (var i = 0; i < y.Length; i++) y[i] = 1e-4 * rng.NextNormal();
        var update = new double[n * 2];
        var gains = Enumerable.Repeat(1.0, n * 2).ToArray();
        var gradient = new double[n * 2];
        var q = new double[n * n];
        var rowSums = new double[n];
        var learningRate = Math.Max(n / Exaggeration / 4, 50);

        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var exaggeration = iteration < ExaggerationIterations ? Exaggeration : 1;
            var momentum = iteration < MomentumSwitch ? 0.5 : 0.8;
            Parallel.For(0, n, i =>
            {
                double sum = 0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i) { q[i * n + j] = 0; continue; }
                    var (dx, dy) = (y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                    var t = 1 / (1 + dx * dx + dy * dy);
                    q[i * n + j] = t;
                    sum += t;
                }
                rowSums[i] = sum;
            });
            double z = 0;
            for (var i = 0; i < n; i++) z += rowSums[i];
            Parallel.For(0, n, i =>
            {
                double gx = 0, gy = 0;
                for (var j = 0; j < n; j++)
                {
                    var t = q[i * n + j];
                    var m = (exaggeration * p[i * n + j] - t / z) * t;
                    gx += m * (y[2 * i] - y[2 * j]);
                    gy += m * (y[2 * i + 1] - y[2 * j + 1]);
                }
                gradient[2 * i] = 4 * gx;
                gradient[2 * i + 1] = 4 * gy;
            });
            for (var k = 0; k < y.Length; k++)
            {
                gains[k] = Math.Sign(gradient[k]) != Math.Sign(update[k]) ? gains[k] + 0.2 : Math.Max(gains[k] * 0.8, MinGain);
                update[k] = momentum * update[k] - learningRate * gains[k] * gradient[k];
                y[k] += update[k];
            }
            // Keep the embedding centred (the objective does not see translations).
            double mx = 0, my = 0;
            for (var i = 0; i < n; i++) { mx += y[2 * i]; my += y[2 * i + 1]; }
            for (var i = 0; i < n; i++) { y[2 * i] -= mx / n; y[2 * i + 1] -= my / n; }
        }
        return Enumerable.Range(0, n).Select(i => new[] { y[2 * i], y[2 * i + 1] }).ToArray();
    }

    /// <summary>The symmetric joint affinities p_ij (n x n, row-major, zero diagonal, summing to 1).</summary>
    internal static double[] Affinities(IReadOnlyList<double[]> points, double perplexity)
    {
        var n = points.Count;
        var d = points[0].Length;
        if (points.Any(x => x.Length != d)) throw new ArgumentException("Tsne: points differ in dimension");
        var distances = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < d; k++) { var diff = points[i][k] - points[j][k]; s += diff * diff; }
                distances[i * n + j] = double.IsFinite(s) ? s : double.MaxValue;
            }
        });
        var conditional = new double[n * n];
        var target = Math.Log(perplexity);
        Parallel.For(0, n, i => Calibrate(distances.AsSpan(i * n, n), i, target, conditional.AsSpan(i * n, n)));
        var joint = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                joint[i * n + j] = Math.Max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
        for (var i = 0; i < n; i++) joint[i * n + i] = 0;
        return joint;
    }

    /// <summary>Binary search on the precision beta of p_{j|i} ∝ exp(-beta d_ij) until H(P_i) = log(perplexity).</summary>
    private static void Calibrate(ReadOnlySpan<double> distances, int self, double targetEntropy, Span<double> row)
    {
        double beta = 1, low = double.NegativeInfinity, high = double.PositiveInfinity;
        // Distances relative to the nearest neighbour keep exp() in range for any scale of the data.
        var nearest = double.PositiveInfinity;
        for (var j = 0; j < distances.Length; j++) if (j != self) nearest = Math.Min(nearest, distances[j]);
        for (var step = 0; step < 100; step++)
        {
            double sum = 0, weighted = 0;
            for (var j = 0; j < distances.Length; j++)
            {
                row[j] = j == self ? 0 : Math.Exp(-beta * (distances[j] - nearest));
                sum += row[j];
                weighted += row[j] * (distances[j] - nearest);
            }
            // H = log(sum) + beta * E[d] (natural log), for p_j = exp(-beta d_j) / sum.
            var entropy = Math.Log(sum) + beta * weighted / sum;
            for (var j = 0; j < distances.Length; j++) row[j] /= sum;
            var error = entropy - targetEntropy;
            if (Math.Abs(error) < 1e-5) return;
            if (error > 0) { low = beta; beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2; }
            else { high = beta; beta = double.IsNegativeInfinity(low) ? beta / 2 : (beta + low) / 2; }
        }
    }
}
