using Research.Framework.Evaluation;
using Research.Framework.Randomness;

namespace Research.Framework.Data;

/// <summary>
/// dSprites (Matthey, Higgins, Hassabis and Lerchner 2017; the data set of Higgins et al. 2017,
/// "beta-VAE", section 4.2), generated procedurally: 64x64 binary images of one white sprite on black,
/// over the full grid of its five factors, 3 shapes (square, ellipse, heart) x 6 scales (0.5 to 1)
/// x 40 orientations (0 to 2 pi, both ends included as in the original, so the first and last render
/// alike) x 32 x 32 positions (0 to 1 in each axis): 737,280 images. Index i enumerates the grid in
/// the published file's order, the last factor (y position) fastest.
/// </summary>
/// <remarks>
/// How it differs from the published <c>dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz</c> (which no
/// registry here holds): the sprites are drawn from analytic outlines, a pixel being on when its centre
/// lies inside the rotated and scaled shape (square of half side 0.7 R, ellipse with semi-axes R and
/// R / 2, the heart curve (x^2 + y^2 - 1)^3 &lt;= x^2 y^3 fitted into radius R), R = 10 px x scale, and
/// the centre runs over pixels 12 to 52 in each axis; the original's rasterized sprites have other
/// outlines and extents, so pixel values differ, while the factor grid, its order, and the
/// one-to-one map from factors to images are the same. The colour factor (a single value) is left out.
/// Nothing is stored: any image renders on demand from its index (<see cref="Render"/>, about 0.1 ms on one core), so
/// the declaration serves a seeded sample of the grid (20,000 training and 2,000 test images, 4 bytes
/// per pixel as every Dataset) and metrics render the factor combinations they need.
/// </remarks>
public static class DSprites
{
    public const int Side = 64;

    public static readonly IReadOnlyList<string> FactorNames = ["shape", "scale", "orientation", "position_x", "position_y"];

    public static readonly IReadOnlyList<int> FactorSizes = [3, 6, 40, 32, 32];

    /// <summary>3 x 6 x 40 x 32 x 32 = 737,280.</summary>
    public static int Count => FactorSizes.Aggregate(1, (a, b) => a * b);

    private const int TrainCount = 20_000, TestCount = 2_000;

    /// <summary>The factor grid and its renderer (<see cref="RenderRows"/>), for disentanglement metrics (before <see cref="Declaration"/>: static initializers run in order).</summary>
    public static GroundTruthProcess Process { get; } = new(FactorNames, FactorSizes, RenderRows);

    public static DatasetDeclaration Declaration { get; } =
        new("dsprites", "dSprites shapes (Matthey et al. 2017), generated: a seeded sample of the 737,280-image factor grid, with its ground-truth factors",
            Side, Side, TrainCount, TestCount, (_, _) => (Sample(TrainCount, seed: 1), Sample(TestCount, seed: 2)), Classes: FactorSizes[0])
        {
            GroundTruth = Process,
        };

    /// <summary>The images [count, 4096] of <paramref name="count"/> rows of factor classes [count, 5], rendered in parallel (each image is independent, so the result does not depend on the threads).</summary>
    public static float[] RenderRows(int[] factors, int count)
    {
        var f = FactorNames.Count;
        if (factors.Length != count * f)
            throw new ArgumentException($"Expected {count} rows of {f} factor classes, got {factors.Length} values.", nameof(factors));
        var images = new float[count * Side * Side];
        Parallel.For(0, count, i => Render(factors.AsSpan(i * f, f), images.AsSpan(i * Side * Side, Side * Side)));
        return images;
    }

    /// <summary>The factor classes of grid index <paramref name="index"/> (shape, scale, orientation, x, y).</summary>
    public static void Factors(int index, Span<int> factors)
    {
        for (var f = FactorSizes.Count - 1; f >= 0; f--)
        {
            factors[f] = index % FactorSizes[f];
            index /= FactorSizes[f];
        }
    }

    /// <summary>The grid index of factor classes <paramref name="factors"/>.</summary>
    public static int Index(ReadOnlySpan<int> factors)
    {
        var index = 0;
        for (var f = 0; f < FactorSizes.Count; f++)
        {
            if ((uint)factors[f] >= (uint)FactorSizes[f])
                throw new ArgumentOutOfRangeException(nameof(factors), $"Factor {FactorNames[f]} has classes 0 to {FactorSizes[f] - 1}, got {factors[f]}.");
            index = index * FactorSizes[f] + factors[f];
        }
        return index;
    }

    /// <summary>Writes the 64 x 64 image (0 or 1 per pixel, row-major) of factor classes <paramref name="factors"/>.</summary>
    public static void Render(ReadOnlySpan<int> factors, Span<float> image)
    {
        Index(factors); // validates
        var shape = factors[0];
        var radius = 10.0 * (0.5 + 0.1 * factors[1]);
        var angle = 2 * Math.PI * factors[2] / (FactorSizes[2] - 1);
        var (cx, cy) = (12.0 + 40.0 * factors[3] / 31, 12.0 + 40.0 * factors[4] / 31);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        image[..(Side * Side)].Clear();
        var (r0, r1) = (Math.Max(0, (int)(cy - 1.5 * radius)), Math.Min(Side - 1, (int)(cy + 1.5 * radius) + 1));
        var (c0, c1) = (Math.Max(0, (int)(cx - 1.5 * radius)), Math.Min(Side - 1, (int)(cx + 1.5 * radius) + 1));
        for (var r = r0; r <= r1; r++)
        for (var c = c0; c <= c1; c++)
        {
            // Pixel centre relative to the sprite's centre, y up, rotated by -angle into the sprite's frame, in units of R.
            var (dx, dy) = ((c + 0.5 - cx) / radius, (cy - r - 0.5) / radius);
            var (u, v) = (cos * dx + sin * dy, -sin * dx + cos * dy);
            if (Inside(shape, u, v)) image[r * Side + c] = 1f;
        }
    }

    /// <summary>Whether (u, v) in sprite units lies inside shape 0 (square), 1 (ellipse) or 2 (heart).</summary>
    private static bool Inside(int shape, double u, double v)
    {
        switch (shape)
        {
            case 0:
                return Math.Abs(u) <= 0.7 && Math.Abs(v) <= 0.7;
            case 1:
                return u * u + 4 * v * v <= 1;
            default:
                // The heart curve spans x in [-1.14, 1.14], y in [-1, 1.25]: shrink to radius ~1 and centre it.
                var (x, y) = (u * 1.15, v * 1.15 + 0.12);
                var q = x * x + y * y - 1;
                return q * q * q <= x * x * y * y * y;
        }
    }

    /// <summary>The image of grid index <paramref name="index"/>.</summary>
    public static void Render(int index, Span<float> image)
    {
        Span<int> factors = stackalloc int[5];
        Factors(index, factors);
        Render(factors, image);
    }

    /// <summary>
    /// <paramref name="count"/> images at grid indices drawn uniformly (with replacement) by a generator
    /// seeded with <paramref name="seed"/>, with their factors; labels are the shape.
    /// </summary>
    public static Dataset Sample(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var indices = new int[count];
        for (var i = 0; i < count; i++) indices[i] = rng.NextInt(Count);
        return FromIndices($"dsprites-{seed}", indices);
    }

    /// <summary>The images and factors of the given grid indices, in that order.</summary>
    public static Dataset FromIndices(string name, IReadOnlyList<int> indices)
    {
        var n = indices.Count;
        var images = new float[n * Side * Side];
        var factors = new int[n * FactorNames.Count];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = factors.AsSpan(i * FactorNames.Count, FactorNames.Count);
            Factors(indices[i], row);
            Render(row, images.AsSpan(i * Side * Side, Side * Side));
            labels[i] = row[0];
        }
        return new Dataset(name, images, n, Side * Side, labels, new GroundTruthFactors(FactorNames, FactorSizes, factors));
    }
}
