namespace Research.Framework.Evaluation;

/// <summary>
/// The Mutual Information Gap (Chen, Li, Grosse and Duvenaud 2018, "Isolating sources of
/// disentanglement in VAEs", eq. 6; disentanglement_lib's mig.py): each code dimension is discretized
/// into <c>bins</c> equal-width bins over its range, I(z_j; v_k) is the plug-in mutual information of
/// the discrete pair (nats), and MIG = (1/K) Σ_k (I(z_(1); v_k) - I(z_(2); v_k)) / H(v_k) with z_(1),
/// z_(2) the two dimensions most informative about v_k.
/// </summary>
public static class MutualInformationGap
{
    public sealed record Result(double Score, double[,] MutualInformation, double[] FactorEntropy);

    /// <param name="factors">Factor classes [n, F] (non-negative integers).</param>
    /// <param name="codes">Codes [n, D].</param>
    public static Result Compute(int[] factors, int f, float[] codes, int d, int bins = 20)
    {
        var n = factors.Length / f;
        if (d < 2) throw new ArgumentException("MIG needs at least two code dimensions.");
        var discrete = Discretize(codes, n, d, bins);
        var mi = new double[d, f];
        var entropy = new double[f];
        for (var k = 0; k < f; k++)
        {
            var vk = Column(factors, f, k);
            entropy[k] = Entropy(vk);
            for (var j = 0; j < d; j++) mi[j, k] = MutualInformation(Column(discrete, d, j), vk);
        }
        var gaps = 0.0;
        for (var k = 0; k < f; k++)
        {
            var sorted = Enumerable.Range(0, d).Select(j => mi[j, k]).OrderByDescending(v => v).ToArray();
            gaps += entropy[k] > 0 ? (sorted[0] - sorted[1]) / entropy[k] : 0;
        }
        return new Result(gaps / f, mi, entropy);
    }

    /// <summary>Bin indices [n, d]: column j cut into <paramref name="bins"/> equal widths between its min and max.</summary>
    public static int[] Discretize(float[] codes, int n, int d, int bins)
    {
        var result = new int[n * d];
        for (var j = 0; j < d; j++)
        {
            var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
            for (var i = 0; i < n; i++) (min, max) = (Math.Min(min, codes[i * d + j]), Math.Max(max, codes[i * d + j]));
            var width = (max - min) / bins;
            for (var i = 0; i < n; i++)
                result[i * d + j] = width > 0 ? Math.Min(bins - 1, (int)((codes[i * d + j] - min) / width)) : 0;
        }
        return result;
    }

    private static int[] Column(int[] rows, int width, int column)
    {
        var n = rows.Length / width;
        var c = new int[n];
        for (var i = 0; i < n; i++) c[i] = rows[i * width + column];
        return c;
    }

    /// <summary>Plug-in entropy of a discrete sample, nats.</summary>
    public static double Entropy(int[] a)
    {
        var counts = a.GroupBy(v => v).Select(g => (double)g.Count());
        return -counts.Sum(c => c / a.Length * Math.Log(c / a.Length));
    }

    /// <summary>Plug-in mutual information of two discrete samples, nats: Σ p(a, b) log p(a, b) / (p(a) p(b)).</summary>
    public static double MutualInformation(int[] a, int[] b)
    {
        var n = (double)a.Length;
        var joint = new Dictionary<(int, int), int>();
        var (ca, cb) = (new Dictionary<int, int>(), new Dictionary<int, int>());
        for (var i = 0; i < a.Length; i++)
        {
            joint[(a[i], b[i])] = joint.GetValueOrDefault((a[i], b[i])) + 1;
            ca[a[i]] = ca.GetValueOrDefault(a[i]) + 1;
            cb[b[i]] = cb.GetValueOrDefault(b[i]) + 1;
        }
        var mi = 0.0;
        foreach (var ((x, y), c) in joint) mi += c / n * Math.Log(c * n / ((double)ca[x] * cb[y]));
        return Math.Max(0, mi);
    }
}
