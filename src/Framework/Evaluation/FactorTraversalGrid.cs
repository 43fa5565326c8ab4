using Research.Framework.Randomness;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// Ground-truth traversals: one factor combination with one factor at a time set to evenly spaced classes, the
/// others fixed; the rendered images and the likelihood's means at their posterior means (what a model keeps
/// of each factor). The ground-truth counterpart of <see cref="TraversalGrid"/>, which varies latent units.
/// </summary>
/// <param name="Classes">The classes each factor takes, [F][steps or fewer].</param>
/// <param name="Images">The rendered images per factor, each row-major [Classes[k].Length, P].</param>
/// <param name="Reconstructions">The decoded means of their posterior means, the same shapes.</param>
public sealed record FactorTraversalGrid(int[][] Classes, float[][] Images, float[][] Reconstructions)
{
    /// <summary>
    /// The traversals of every factor of <paramref name="process"/> from one combination drawn uniformly from
    /// <paramref name="rng"/>, each over at most <paramref name="steps"/> classes (<see cref="EvenClasses"/>).
    /// </summary>
    public static FactorTraversalGrid Compute(VaeModel model, GroundTruthProcess process, Rng rng, int steps)
    {
        var f = process.FactorCount;
        var start = FactorSampling.Uniform(process.Sizes, 1, rng.Split(1));
        var classes = process.Sizes.Select(size => EvenClasses(size, steps)).ToArray();
        var images = new float[f][];
        var reconstructions = new float[f][];
        for (var k = 0; k < f; k++)
        {
            var n = classes[k].Length;
            var rows = new int[n * f];
            for (var i = 0; i < n; i++)
            {
                start.CopyTo(rows, i * f);
                rows[i * f + k] = classes[k][i];
            }
            images[k] = process.Render(rows, n);
            var codes = LatentCodes.PosteriorMeans(model, images[k], n, rng.Split(2 + (ulong)k));
            reconstructions[k] = LatentDecoding.Means(model, codes);
        }
        return new FactorTraversalGrid(classes, images, reconstructions);
    }

    /// <summary>All classes 0 .. size - 1 when there are at most <paramref name="steps"/>, else <paramref name="steps"/> evenly spaced ones from the first to the last.</summary>
    public static int[] EvenClasses(int size, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        return size <= steps
            ? Enumerable.Range(0, size).ToArray()
            : Enumerable.Range(0, steps).Select(i => (int)Math.Round(i * (size - 1) / (double)(steps - 1))).ToArray();
    }
}
