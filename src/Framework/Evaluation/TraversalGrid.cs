using Research.Framework.Randomness;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// A latent traversal: the most active units, each set in turn to evenly spaced values with the other
/// units held at one code, and the likelihood's means there.
/// </summary>
/// <param name="Units">The traversed units, most active first.</param>
/// <param name="Values">The values each unit takes, [Units.Length][steps].</param>
/// <param name="Means">The decoded means, row-major [Units.Length * steps, P]: unit r's step i is row r * steps + i.</param>
public sealed record TraversalGrid(int[] Units, double[][] Values, float[] Means)
{
    /// <summary>
    /// The <paramref name="rows"/> most active units the decoder reads (largest variance of the posterior
    /// means, A_u of Burda et al. 2016, eq. 10; ties by index), each over <paramref name="steps"/> evenly
    /// spaced values across the prior's mean ± <paramref name="span"/> sd (the [-3, 3] of Higgins et al. 2017
    /// for a standard normal prior; the prior's moments drawn from <paramref name="rng"/>), the other units
    /// held at the first code. <paramref name="codes"/> are posterior means, row-major [count, Latent].
    /// </summary>
    public static TraversalGrid Compute(VaeModel model, ReadOnlySpan<float> codes, int count, Rng rng, int rows, int steps, double span,
        int priorSamples = LatentMoments.DefaultPriorSamples)
    {
        var d = model.Latent;
        var activity = LatentMoments.Of(codes, count, d).Sd;
        var prior = LatentMoments.OfPrior(model, rng, priorSamples);
        var units = Enumerable.Range(0, Math.Min(model.DecoderLatent, d))
            .OrderByDescending(u => activity[u]).ThenBy(u => u).Take(rows).ToArray();
        var values = units.Select(u => Enumerable.Range(0, steps)
            .Select(i => prior.Mean[u] + prior.Sd[u] * span * (2.0 * i / (steps - 1) - 1)).ToArray()).ToArray();
        var grid = new float[units.Length * steps * d];
        for (var r = 0; r < units.Length; r++)
        for (var i = 0; i < steps; i++)
        {
            var row = grid.AsSpan((r * steps + i) * d, d);
            codes[..d].CopyTo(row);
            row[units[r]] = (float)values[r][i];
        }
        return new TraversalGrid(units, values, LatentDecoding.Means(model, grid));
    }
}
