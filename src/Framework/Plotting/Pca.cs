namespace Research.Framework.Plotting;

/// <summary>
/// Principal components of a small set of points: the eigenvectors of their covariance (cyclic Jacobi
/// rotations on the d x d matrix, fine for latent sizes up to a few hundred), largest variance first.
/// Each component's sign is fixed so that its largest-magnitude coordinate is positive.
/// </summary>
public sealed record Pca(double[] Mean, double[][] Components, double[] Variances, double TotalVariance)
{
    /// <summary>The share of the total variance along each component.</summary>
    public double[] ExplainedRatio => Variances.Select(v => TotalVariance > 0 ? v / TotalVariance : 0).ToArray();

    /// <summary>Fits the first <paramref name="components"/> principal components of <paramref name="points"/>
    /// (all the same dimension; rows with a non-finite value are ignored).</summary>
    public static Pca Fit(IReadOnlyList<double[]> points, int components = 2)
    {
        var rows = points.Where(p => p.All(double.IsFinite)).ToArray();
        if (rows.Length == 0) throw new ArgumentException("Pca: no finite points");
        var d = rows[0].Length;
        if (rows.Any(p => p.Length != d)) throw new ArgumentException("Pca: points differ in dimension");
        components = Math.Clamp(components, 1, d);
        var mean = new double[d];
        foreach (var p in rows) for (var j = 0; j < d; j++) mean[j] += p[j] / rows.Length;
        var cov = new double[d, d];
        foreach (var p in rows)
            for (var i = 0; i < d; i++)
            {
                var di = p[i] - mean[i];
                for (var j = i; j < d; j++) cov[i, j] += di * (p[j] - mean[j]);
            }
        var denominator = Math.Max(1, rows.Length - 1);
        var total = 0.0;
        for (var i = 0; i < d; i++)
        {
            for (var j = i; j < d; j++) cov[j, i] = cov[i, j] /= denominator;
            total += cov[i, i];
        }
        var (values, vectors) = Jacobi(cov);
        var order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).Take(components).ToArray();
        var comps = order.Select(k =>
        {
            var v = Enumerable.Range(0, d).Select(i => vectors[i, k]).ToArray();
            var big = v.MaxBy(Math.Abs);
            return big < 0 ? v.Select(x => -x).ToArray() : v;
        }).ToArray();
        return new Pca(mean, comps, order.Select(k => Math.Max(values[k], 0)).ToArray(), total);
    }

    /// <summary>The coordinates of <paramref name="point"/> along the components.</summary>
    public double[] Project(double[] point) =>
        Components.Select(c => c.Select((x, j) => x * (point[j] - Mean[j])).Sum()).ToArray();

    /// <summary>Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.</summary>
    private static (double[] Values, double[,] Vectors) Jacobi(double[,] m)
    {
        var n = m.GetLength(0);
        var a = (double[,])m.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (var i = 0; i < n; i++)
            {
                diag += a[i, i] * a[i, i];
                for (var j = i + 1; j < n; j++) off += a[i, j] * a[i, j];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
            for (var p = 0; p < n - 1; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }
}
