using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>
/// Views for the sample-major layout of the VAE components (Vae/Conventions.md): N = K*B rows,
/// row k*B + b holding sample k of data point b.
/// </summary>
public static class SampleMajor
{
    /// <summary>The K of a [K*B, ..] tensor, checked.</summary>
    public static int Samples(Tensor perSample, int dataRows, string what)
    {
        var n = perSample.Shape.Rows;
        if (dataRows < 1 || n % dataRows != 0)
            throw new ArgumentException($"{what}: {n} rows are not K repeats of {dataRows} data rows.");
        return n / dataRows;
    }

    /// <summary>[K*B, P] viewed as [K, B, P], so that a [B, P] tensor broadcasts over K.</summary>
    public static Tensor Split(Tensor perSample, int dataRows, string what)
    {
        var k = Samples(perSample, dataRows, what);
        return perSample.Reshape(k, dataRows, perSample.Shape.Last);
    }

    /// <summary>[B, H] to [K*B, H] with row k*B + b holding row b (see Conventions.md).</summary>
    public static Tensor Repeat(Tensor rows, int k)
    {
        var (b, h) = (rows.Shape.Rows, rows.Shape.Last);
        return k == 1 ? rows : rows.Reshape(1, b, h).Expand(new Shape(k, b, h)).Reshape(k * b, h);
    }
}
