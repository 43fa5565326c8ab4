using Research.Framework.Randomness;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// How a representation responds to each ground-truth factor: with factor k fixed at a class and the others
/// drawn uniformly, the average posterior mean of every latent unit. A disentangled code has one unit that
/// moves with k and units that stay flat (the per-factor view of Higgins et al. 2017, figure 7, as curves).
/// </summary>
/// <param name="Classes">The classes of each factor, [F][steps or fewer] (<see cref="FactorTraversalGrid.EvenClasses"/>).</param>
/// <param name="Means">The average posterior mean, [F][class][unit].</param>
public sealed record FactorResponse(int[][] Classes, double[][][] Means)
{
    public static FactorResponse Compute(VaeModel model, GroundTruthProcess process, Rng rng, int steps, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var (f, d) = (process.FactorCount, model.Latent);
        var represent = DisentanglementResult.Representation(model, process, rng.Split(1));
        var draws = rng.Split(2);
        var classes = process.Sizes.Select(size => FactorTraversalGrid.EvenClasses(size, steps)).ToArray();
        var means = new double[f][][];
        for (var k = 0; k < f; k++)
        {
            means[k] = new double[classes[k].Length][];
            for (var c = 0; c < classes[k].Length; c++)
            {
                var rows = FactorSampling.Uniform(process.Sizes, samples, draws);
                FactorSampling.Fix(rows, f, k, classes[k][c]);
                means[k][c] = FactorSampling.Moments(represent(rows, samples), samples, d).Mean;
            }
        }
        return new FactorResponse(classes, means);
    }
}
