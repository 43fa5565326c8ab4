namespace Research.Framework.Evaluation;

/// <summary>
/// Disentanglement, completeness and informativeness (Eastwood and Williams 2018, "A framework for the
/// quantitative evaluation of disentangled representations", section 3; disentanglement_lib's dci.py).
/// An importance matrix R[j, k] >= 0 says how much code j matters for predicting factor k; with
/// P_jk = R_jk / Σ_k R_jk, disentanglement D = Σ_j ρ_j (1 - H_K(P_j.)) where ρ_j = Σ_k R_jk / Σ R and
/// H_K is the entropy in base K; completeness C = (1/K) Σ_k (1 - H_D(R_.k / Σ_j R_jk)).
/// </summary>
/// <remarks>
/// disentanglement_lib takes R from gradient-boosted trees, which this framework does not have.
/// Here R_jk = |w_jk|, the standardized coefficients of a <see cref="Lasso"/> regression of factor k's
/// (standardized) class index on the standardized codes: the first regressor of Eastwood and Williams
/// (section 4.1), deterministic, a few milliseconds, and its L1 penalty zeroes codes that add nothing.
/// The price: it sees linear relations only, so a code that carries a factor non-monotonically (a
/// cyclic orientation, unordered shape classes) is under-credited where trees would not be.
/// Informativeness is the mean test R^2 of those regressions (clipped at 0), where disentanglement_lib
/// reports the trees' test accuracy.
/// </remarks>
public static class Dci
{
    public sealed record Result(double Disentanglement, double Completeness, double Informativeness, double[,] Importance);

    public static Result Compute(int[] trainFactors, float[] trainCodes, int[] testFactors, float[] testCodes, int f, int d, double alpha = 0.02)
    {
        var n = trainFactors.Length / f;
        var m = testFactors.Length / f;
        var importance = new double[d, f];
        var informativeness = 0.0;
        for (var k = 0; k < f; k++)
        {
            var (target, mean, std) = Standardized(trainFactors, f, k);
            var lasso = Lasso.Fit(trainCodes, target, d, alpha);
            for (var j = 0; j < d; j++) importance[j, k] = Math.Abs(lasso.Coefficients[j]);
            double sse = 0, sst = 0;
            for (var i = 0; i < m; i++)
            {
                var truth = (testFactors[i * f + k] - mean) / std;
                var error = truth - lasso.Predict(testCodes.AsSpan(i * d, d));
                sse += error * error;
                sst += truth * truth;
            }
            informativeness += sst > 0 ? Math.Max(0, 1 - sse / sst) : 0;
        }
        return new Result(Disentanglement(importance), Completeness(importance), informativeness / f, importance);
    }

    private static (double[] Values, double Mean, double Std) Standardized(int[] factors, int f, int k)
    {
        var n = factors.Length / f;
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = factors[i * f + k];
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / n);
        if (std == 0) std = 1;
        for (var i = 0; i < n; i++) v[i] = (v[i] - mean) / std;
        return (v, mean, std);
    }

    /// <summary>D = Σ_j ρ_j (1 - H_K(P_j.)) over the rows (codes) of R [D, K].</summary>
    public static double Disentanglement(double[,] r)
    {
        var (d, k) = (r.GetLength(0), r.GetLength(1));
        var total = 0.0;
        foreach (var v in r) total += v;
        if (total == 0 || k < 2) return 0;
        var score = 0.0;
        for (var j = 0; j < d; j++)
        {
            var row = Enumerable.Range(0, k).Select(c => r[j, c]).ToArray();
            var sum = row.Sum();
            if (sum == 0) continue;
            score += sum / total * (1 - Entropy(row, sum, k));
        }
        return score;
    }

    /// <summary>C = (1/K) Σ_k (1 - H_D(R_.k / Σ_j R_jk)).</summary>
    public static double Completeness(double[,] r)
    {
        var (d, k) = (r.GetLength(0), r.GetLength(1));
        if (d < 2) return 1;
        var score = 0.0;
        for (var c = 0; c < k; c++)
        {
            var column = Enumerable.Range(0, d).Select(j => r[j, c]).ToArray();
            var sum = column.Sum();
            score += sum == 0 ? 0 : 1 - Entropy(column, sum, d);
        }
        return score / k;
    }

    private static double Entropy(double[] weights, double sum, int logBase)
    {
        var h = 0.0;
        foreach (var w in weights)
            if (w > 0) h -= w / sum * Math.Log(w / sum);
        return h / Math.Log(logBase);
    }
}
