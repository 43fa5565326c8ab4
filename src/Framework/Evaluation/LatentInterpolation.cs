using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>Decodings along the straight line between two latent codes.</summary>
public static class LatentInterpolation
{
    /// <summary>
    /// The likelihood's means at <paramref name="steps"/> evenly spaced points from <paramref name="from"/>
    /// to <paramref name="to"/> (both ends included), row-major [steps, P].
    /// </summary>
    public static float[] Means(VaeModel model, ReadOnlySpan<float> from, ReadOnlySpan<float> to, int steps)
    {
        var d = from.Length;
        if (to.Length != d) throw new ArgumentException($"Interpolation between codes of {d} and {to.Length} units.");
        var path = new float[steps * d];
        for (var i = 0; i < steps; i++)
        {
            var t = (float)i / (steps - 1);
            for (var u = 0; u < d; u++) path[i * d + u] = (1 - t) * from[u] + t * to[u];
        }
        return LatentDecoding.Means(model, path);
    }

    /// <summary>
    /// The example to interpolate to from the first of <paramref name="count"/> (at least two): the first of another
    /// class when there are labels (the second example when all share one), else the second.
    /// </summary>
    public static int Partner(int[]? labels, int count) =>
        labels is not null ? Enumerable.Range(1, count - 1).FirstOrDefault(i => labels[i] != labels[0], 1) : 1;
}
