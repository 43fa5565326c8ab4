using Research.Framework.Randomness;

namespace Research.Framework.Data;

/// <summary>
/// Generated 28x28 grey images in ten classes (class c: a bar at an angle of c * 18 degrees, with
/// random offset and thickness), for smoke runs and tests that need no download.
/// </summary>
public static class SyntheticBars
{
    private const int Side = 28;

    /// <summary>1,000 training images (seed 1) and 200 test images (seed 2).</summary>
    public static DatasetDeclaration Declaration { get; } =
        new("synthetic", "Small generated data for tests and smoke runs", Side, Side, TrainCount, TestCount,
            (_, _) => (Generate(TrainCount, seed: 1), Generate(TestCount, seed: 2)), Classes: 10);

    private const int TrainCount = 1000, TestCount = 200;

    public static Dataset Generate(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var images = new float[count * Side * Side];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            var label = rng.NextInt(10);
            labels[n] = label;
            var angle = label * Math.PI / 10;
            var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
            var offset = (rng.NextDouble() - 0.5) * 8;
            var width = 1.5 + 1.5 * rng.NextDouble();
            for (var r = 0; r < Side; r++)
            for (var c = 0; c < Side; c++)
            {
                var distance = Math.Abs((c - 13.5) * dy - (r - 13.5) * dx - offset);
                images[n * Side * Side + r * Side + c] = (float)Math.Clamp(1.0 - (distance - width) / 1.5, 0.0, 1.0);
            }
        }
        return new Dataset($"synthetic-{seed}", images, count, Side * Side, labels);
    }
}
