namespace Research.Framework.Evaluation;

/// <summary>
/// L1-penalized least squares (Tibshirani 1996), min_w (1 / 2n) ||y - X w||^2 + alpha ||w||_1 on
/// standardized columns of X and centred y, by cyclic coordinate descent with soft thresholding
/// (Friedman, Hastie and Tibshirani 2010, eq. 5). Coefficients are in standardized units, so their
/// magnitudes compare across inputs: the importance estimator of <see cref="Dci"/>.
/// </summary>
public sealed record Lasso(double[] Coefficients, double Intercept, double[] Mean, double[] Std)
{
    public static Lasso Fit(ReadOnlySpan<float> x, ReadOnlySpan<double> y, int d, double alpha, int sweeps = 200, double tolerance = 1e-7)
    {
        var n = y.Length;
        var (mean, std) = FactorSampling.Moments(x, n, d);
        var z = new double[n * d];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < d; j++) z[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
        var intercept = 0.0;
        foreach (var v in y) intercept += v;
        intercept /= n;
        var residual = new double[n];
        for (var i = 0; i < n; i++) residual[i] = y[i] - intercept;
        var w = new double[d];
        var norm = new double[d];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < d; j++) norm[j] += z[i * d + j] * z[i * d + j] / n;
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            var change = 0.0;
            for (var j = 0; j < d; j++)
            {
                if (norm[j] == 0) continue;
                var rho = 0.0;
                for (var i = 0; i < n; i++) rho += z[i * d + j] * (residual[i] + z[i * d + j] * w[j]);
                rho /= n;
                var next = Math.Sign(rho) * Math.Max(0, Math.Abs(rho) - alpha) / norm[j];
                var delta = next - w[j];
                if (delta == 0) continue;
                for (var i = 0; i < n; i++) residual[i] -= delta * z[i * d + j];
                w[j] = next;
                change = Math.Max(change, Math.Abs(delta));
            }
            if (change < tolerance) break;
        }
        return new Lasso(w, intercept, mean, std);
    }

    public double Predict(ReadOnlySpan<float> row)
    {
        var s = Intercept;
        for (var j = 0; j < Coefficients.Length; j++) s += Coefficients[j] * (row[j] - Mean[j]) / Std[j];
        return s;
    }
}
