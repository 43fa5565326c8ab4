namespace Research.FigureExamples;

/// <summary>28x28 grayscale shapes drawn from a few parameters, standing in for MNIST digits and their
/// decodings: an ellipse ring (radii, rotation, thickness) and a stroke across it.</summary>
internal static class SyntheticImages
{
    public const int Size = 28;

    public static float[] Shape(double rx, double ry, double angle, double thickness, double stroke, double blur = 0)
    {
        var image = new float[Size * Size];
        double c = Math.Cos(angle), s = Math.Sin(angle);
        var soft = 0.6 + blur;
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                double dx = x - 13.5, dy = y - 13.5;
                double u = c * dx + s * dy, v = -s * dx + c * dy;
                var r = Math.Sqrt(u * u / (rx * rx) + v * v / (ry * ry));
                var ring = Math.Exp(-Math.Pow((r - 1) * Math.Min(rx, ry) / (thickness * soft), 2));
                var line = stroke * Math.Exp(-Math.Pow((u - v * 0.3) / (thickness * soft), 2)) * (Math.Abs(v) < ry * 1.3 ? 1 : 0);
                image[y * Size + x] = (float)Math.Clamp(Math.Max(ring, line), 0, 1);
            }
        return image;
    }

    public static float[] Random(Random rng, double blur = 0) =>
        Shape(5 + 5 * rng.NextDouble(), 6 + 5 * rng.NextDouble(), Math.PI * rng.NextDouble(), 1.2 + rng.NextDouble(),
            rng.NextDouble() < 0.5 ? 0 : rng.NextDouble(), blur);

    /// <summary>A blurred, slightly dimmed copy: how a reconstruction tends to look.</summary>
    public static float[] Blurred(float[] image)
    {
        var output = new float[image.Length];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                double sum = 0, weight = 0;
                for (var j = -1; j <= 1; j++)
                    for (var i = -1; i <= 1; i++)
                    {
                        int xx = x + i, yy = y + j;
                        if (xx < 0 || yy < 0 || xx >= Size || yy >= Size) continue;
                        var w = i == 0 && j == 0 ? 2.0 : 1.0;
                        sum += w * image[yy * Size + xx];
                        weight += w;
                    }
                output[y * Size + x] = (float)(0.92 * sum / weight);
            }
        return output;
    }
}
