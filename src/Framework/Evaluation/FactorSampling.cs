using Research.Framework.Randomness;

namespace Research.Framework.Evaluation;

/// <summary>Uniform draws over a grid of ground-truth factors (disentanglement_lib's sample_factors).</summary>
public static class FactorSampling
{
    /// <summary><paramref name="count"/> rows of factor classes [count, F], each class uniform over its factor's values.</summary>
    public static int[] Uniform(IReadOnlyList<int> sizes, int count, Rng rng)
    {
        var f = sizes.Count;
        var rows = new int[count * f];
        for (var i = 0; i < count; i++)
        for (var k = 0; k < f; k++)
            rows[i * f + k] = rng.NextInt(sizes[k]);
        return rows;
    }

    /// <summary>Column <paramref name="k"/> of every row of <paramref name="rows"/> [n, F] set to <paramref name="value"/>.</summary>
    public static void Fix(int[] rows, int f, int k, int value)
    {
        for (var i = k; i < rows.Length; i += f) rows[i] = value;
    }

    /// <summary>Per-column mean and standard deviation of <paramref name="x"/> [n, d] (a zero deviation reads as 1 unless <paramref name="raw"/>).</summary>
    public static (double[] Mean, double[] Std) Moments(ReadOnlySpan<float> x, int n, int d, bool raw = false)
    {
        var (mean, std) = (new double[d], new double[d]);
        for (var i = 0; i < n; i++)
        for (var j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (var j = 0; j < d; j++) mean[j] /= n;
        for (var i = 0; i < n; i++)
        for (var j = 0; j < d; j++) std[j] += (x[i * d + j] - mean[j]) * (x[i * d + j] - mean[j]);
        for (var j = 0; j < d; j++)
        {
            std[j] = Math.Sqrt(std[j] / n);
            if (!raw && std[j] < 1e-12) std[j] = 1;
        }
        return (mean, std);
    }
}
