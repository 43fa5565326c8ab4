namespace Research.Framework.Evaluation;

/// <summary>
/// Multinomial logistic regression (softmax over classes, L2 penalty) fitted by full-batch gradient
/// descent with Nesterov momentum on standardized inputs: the linear classifier of the beta-VAE
/// score (Higgins et al. 2017, section 4; disentanglement_lib uses scikit-learn's LogisticRegression).
/// </summary>
public sealed record LogisticRegression(double[] Weights, double[] Bias, double[] Mean, double[] Std, int Features, int Classes)
{
    /// <summary>Fits x [n, d] to labels in [0, classes).</summary>
    public static LogisticRegression Fit(ReadOnlySpan<float> x, int[] labels, int d, int classes, double l2 = 1e-3, int iterations = 500, double learningRate = 0.5)
    {
        var n = labels.Length;
        var (mean, std) = FactorSampling.Moments(x, n, d);
        var z = new double[n * d];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < d; j++) z[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
        var (w, b) = (new double[d * classes], new double[classes]);
        var (vw, vb) = (new double[d * classes], new double[classes]);
        var (gw, gb) = (new double[d * classes], new double[classes]);
        var (lw, lb) = (new double[d * classes], new double[classes]);
        var p = new double[classes];
        const double momentum = 0.9;
        for (var it = 0; it < iterations; it++)
        {
            // Look-ahead point of Nesterov's method.
            for (var q = 0; q < w.Length; q++) lw[q] = w[q] + momentum * vw[q];
            for (var c = 0; c < classes; c++) lb[c] = b[c] + momentum * vb[c];
            Array.Clear(gw);
            Array.Clear(gb);
            for (var i = 0; i < n; i++)
            {
                Softmax(z.AsSpan(i * d, d), lw, lb, classes, p);
                p[labels[i]] -= 1;
                for (var c = 0; c < classes; c++)
                {
                    gb[c] += p[c];
                    for (var j = 0; j < d; j++) gw[j * classes + c] += p[c] * z[i * d + j];
                }
            }
            for (var q = 0; q < w.Length; q++)
            {
                vw[q] = momentum * vw[q] - learningRate * (gw[q] / n + l2 * lw[q]);
                w[q] += vw[q];
            }
            for (var c = 0; c < classes; c++)
            {
                vb[c] = momentum * vb[c] - learningRate * gb[c] / n;
                b[c] += vb[c];
            }
        }
        return new LogisticRegression(w, b, mean, std, d, classes);
    }

    private static void Softmax(ReadOnlySpan<double> z, double[] w, double[] b, int classes, double[] p)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < classes; c++)
        {
            var s = b[c];
            for (var j = 0; j < z.Length; j++) s += z[j] * w[j * classes + c];
            p[c] = s;
            max = Math.Max(max, s);
        }
        var sum = 0.0;
        for (var c = 0; c < classes; c++) sum += p[c] = Math.Exp(p[c] - max);
        for (var c = 0; c < classes; c++) p[c] /= sum;
    }

    /// <summary>The most probable class of each row of x [n, d].</summary>
    public int[] Predict(ReadOnlySpan<float> x, int n)
    {
        var (z, p, labels) = (new double[Features], new double[Classes], new int[n]);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < Features; j++) z[j] = (x[i * Features + j] - Mean[j]) / Std[j];
            Softmax(z, Weights, Bias, Classes, p);
            labels[i] = Array.IndexOf(p, p.Max());
        }
        return labels;
    }

    /// <summary>The fraction of rows of x whose predicted class is the label.</summary>
    public double Accuracy(ReadOnlySpan<float> x, int[] labels)
    {
        var predicted = Predict(x, labels.Length);
        return predicted.Zip(labels).Count(t => t.First == t.Second) / (double)labels.Length;
    }
}
