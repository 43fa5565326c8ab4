using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;
using Research.Framework.Vae.Likelihoods;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Tests.Vae;

/// <summary>
/// p(z) = N(0, I_2), p(x|z) = N(W z + b, sigma^2 I_3), so p(x) = N(b, W W^T + sigma^2 I) exactly.
/// The posterior is a diagonal Gaussian with the exact posterior's mean map perturbed and its
/// stds inflated: deliberately imperfect, so the bounds are strictly below log p(x).
/// </summary>
internal static class LinearGaussianModel
{
    public const int D = 2, P = 3;
    public const double Sigma = 0.5;
    public static readonly double[,] W = { { 1.0, -0.5 }, { 0.3, 0.8 }, { -0.7, 0.4 } };
    public static readonly double[] Bias = [0.2, -0.1, 0.5];

    public static VaeModel Create()
    {
        // Exact posterior: Sigma* = (I + W^T W / s^2)^-1, mu*(x) = (x - b) W Sigma* / s^2 (row vectors).
        var s2 = Sigma * Sigma;
        var a = new double[D, D];
        for (var i = 0; i < D; i++)
        for (var j = 0; j < D; j++)
        {
            for (var p = 0; p < P; p++) a[i, j] += W[p, i] * W[p, j] / s2;
            if (i == j) a[i, j] += 1;
        }
        var det = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0];
        double[,] cov = { { a[1, 1] / det, -a[0, 1] / det }, { -a[1, 0] / det, a[0, 0] / det } };
        var map = new float[P * D];
        var mapBias = new float[D];
        for (var p = 0; p < P; p++)
        for (var j = 0; j < D; j++)
        {
            var v = 0.0;
            for (var i = 0; i < D; i++) v += W[p, i] * cov[i, j] / s2;
            map[p * D + j] = (float)(v * (1 + 0.15 * (p - 1))); // perturbed
            mapBias[j] -= (float)(Bias[p] * v);
        }
        var logStdBias = Enumerable.Range(0, D).Select(j => (float)(0.5 * Math.Log(cov[j, j]) + 0.3)).ToArray();
        var encoder = new GaussianLayer(null,
            new Linear(Persistent(map, new Shape(P, D)), Persistent(mapBias, new Shape(D))),
            new Linear(Tensor.Zeros(new Shape(P, D)), Persistent(logStdBias, new Shape(D))));
        var decoderWeight = new float[D * P];
        for (var p = 0; p < P; p++)
        for (var i = 0; i < D; i++) decoderWeight[i * P + p] = (float)W[p, i];
        var decoder = new Linear(Persistent(decoderWeight, new Shape(D, P)), Persistent(Bias.Select(v => (float)v).ToArray(), new Shape(P)));
        return new VaeModel(new StandardNormalPrior(D), new GaussianPosterior(encoder), decoder, GaussianLikelihood.WithFixedStd((float)Sigma), D);
    }

    private static Tensor Persistent(float[] values, Shape shape) => Tensor.FromArray(values, shape);

    /// <summary>n data points drawn from the model, [n, P].</summary>
    public static Tensor Data(int n, Rng rng)
    {
        var x = Tensor.Empty(new Shape(n, P));
        for (var r = 0; r < n; r++)
        {
            double z0 = rng.NextNormal(), z1 = rng.NextNormal();
            for (var p = 0; p < P; p++)
                x.Data[r * P + p] = (float)(W[p, 0] * z0 + W[p, 1] * z1 + Bias[p] + Sigma * rng.NextNormal());
        }
        return x;
    }

    /// <summary>The exact log p(x) = log N(x; b, W W^T + sigma^2 I), in double (Cholesky).</summary>
    public static double LogMarginal(ReadOnlySpan<float> x)
    {
        var c = new double[P, P];
        for (var i = 0; i < P; i++)
        for (var j = 0; j < P; j++)
        {
            for (var k = 0; k < D; k++) c[i, j] += W[i, k] * W[j, k];
            if (i == j) c[i, j] += Sigma * Sigma;
        }
        var l = new double[P, P];
        for (var i = 0; i < P; i++)
        for (var j = 0; j <= i; j++)
        {
            var s = c[i, j];
            for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
            l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
        }
        var y = new double[P]; // solve L y = x - b
        var logDet = 0.0;
        for (var i = 0; i < P; i++)
        {
            var s = x[i] - Bias[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
            logDet += 2 * Math.Log(l[i, i]);
        }
        return -0.5 * (y.Sum(v => v * v) + logDet + P * Math.Log(2 * Math.PI));
    }
}
