using Research.Framework.Evaluation;
using Research.Framework.Randomness;

namespace Research.Framework.Tests.Evaluation;

/// <summary>
/// The disentanglement metrics on synthetic codes with known answers: two independent factors of 8
/// values each, read by a perfect code (each factor in its own dimension, rescaled, one sign flipped,
/// the order permuted, plus a pure-noise dimension) and by the same code rotated by 45 degrees (each
/// dimension an equal mix of both factors, so no metric may call it disentangled).
/// </summary>
public class DisentanglementTests
{
    private static readonly int[] Sizes = [8, 8];

    private static Representation Perfect(ulong seed)
    {
        var rng = new Rng(seed);
        return (factors, n) =>
        {
            var z = new float[n * 3];
            for (var i = 0; i < n; i++)
            {
                z[i * 3] = 2f * factors[i * 2 + 1] / 7;
                z[i * 3 + 1] = rng.NextFloat() * 2 - 1;
                z[i * 3 + 2] = -factors[i * 2] / 7f;
            }
            return z;
        };
    }

    private static float[] Rotated(int[] factors, int n)
    {
        var z = new float[n * 2];
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (factors[i * 2] / 7f, factors[i * 2 + 1] / 7f);
            z[i * 2] = (a + b) / MathF.Sqrt(2);
            z[i * 2 + 1] = (a - b) / MathF.Sqrt(2);
        }
        return z;
    }

    private static (int[] Factors, float[] Codes) Sample(Representation r, int n, ulong seed)
    {
        var factors = FactorSampling.Uniform(Sizes, n, new Rng(seed));
        return (factors, r(factors, n));
    }

    [Test]
    public void BetaVaeScore_PerfectCodeIsOne_RotatedIsChance()
    {
        var perfect = BetaVaeScore.Compute(Sizes, Perfect(1), new Rng(2), batchSize: 16, trainPoints: 300, evalPoints: 200);
        var rotated = BetaVaeScore.Compute(Sizes, Rotated, new Rng(2), batchSize: 16, trainPoints: 300, evalPoints: 200);
        TestContext.Out.WriteLine($"beta-VAE score: perfect {perfect.Score:F3}, rotated {rotated.Score:F3}");
        Assert.That(perfect.Score, Is.EqualTo(1.0));
        Assert.That(rotated.Score, Is.InRange(0.35, 0.65), "fixing either factor gives the same |z1 - z2| statistics: a coin toss between two factors");
    }

    [Test]
    public void FactorVaeScore_PerfectCodeIsOne_RotatedIsChance()
    {
        var perfect = FactorVaeScore.Compute(Sizes, Perfect(3), new Rng(4), batchSize: 32, trainVotes: 300, evalVotes: 200, varianceSamples: 2000);
        var rotated = FactorVaeScore.Compute(Sizes, Rotated, new Rng(4), batchSize: 32, trainVotes: 300, evalVotes: 200, varianceSamples: 2000);
        TestContext.Out.WriteLine($"FactorVAE score: perfect {perfect.Score:F3}, rotated {rotated.Score:F3}");
        Assert.That(perfect.Score, Is.EqualTo(1.0));
        Assert.That(perfect.ActiveDimensions, Is.EqualTo(3));
        Assert.That(rotated.Score, Is.InRange(0.35, 0.7), "each dimension is the least variable one for both factors about equally often");
    }

    [Test]
    public void FactorVaeScore_CollapsedCode_PrunesEveryDimensionAndScoresZero()
    {
        var result = FactorVaeScore.Compute(Sizes, (_, n) => new float[n * 2], new Rng(5), batchSize: 8, trainVotes: 10, evalVotes: 10, varianceSamples: 100);
        Assert.That((result.Score, result.ActiveDimensions), Is.EqualTo((0.0, 0)));
    }

    [Test]
    public void Mig_PerfectCodeIsNearOne_RotatedIsNearZero()
    {
        var (f1, z1) = Sample(Perfect(6), 5000, 7);
        var (f2, z2) = Sample(Rotated, 5000, 7);
        var perfect = MutualInformationGap.Compute(f1, 2, z1, 3);
        var rotated = MutualInformationGap.Compute(f2, 2, z2, 2);
        TestContext.Out.WriteLine($"MIG: perfect {perfect.Score:F3}, rotated {rotated.Score:F3}");
        Assert.That(perfect.Score, Is.GreaterThan(0.95), "the right dimension holds all of H(v_k); the others about nothing (plug-in bias only)");
        Assert.That(perfect.FactorEntropy[0], Is.EqualTo(Math.Log(8)).Within(0.01));
        Assert.That(rotated.Score, Is.LessThan(0.05));
    }

    [Test]
    public void MutualInformation_OfAVariableWithItself_IsItsEntropy()
    {
        int[] a = [0, 1, 2, 3, 0, 1, 2, 3];
        Assert.That(MutualInformationGap.MutualInformation(a, a), Is.EqualTo(Math.Log(4)).Within(1e-12));
        Assert.That(MutualInformationGap.MutualInformation(a, [0, 0, 0, 0, 1, 1, 1, 1]), Is.EqualTo(0).Within(1e-12), "independent halves");
    }

    [Test]
    public void Dci_PerfectCodeIsDisentangledAndComplete_RotatedIsNeither()
    {
        var (trainF, trainZ) = Sample(Perfect(8), 2000, 9);
        var (testF, testZ) = Sample(Perfect(10), 1000, 11);
        var perfect = Dci.Compute(trainF, trainZ, testF, testZ, 2, 3);
        var (rtrainF, rtrainZ) = Sample(Rotated, 2000, 9);
        var (rtestF, rtestZ) = Sample(Rotated, 1000, 11);
        var rotated = Dci.Compute(rtrainF, rtrainZ, rtestF, rtestZ, 2, 2);
        TestContext.Out.WriteLine($"DCI perfect: D {perfect.Disentanglement:F3} C {perfect.Completeness:F3} I {perfect.Informativeness:F3}; rotated: D {rotated.Disentanglement:F3} C {rotated.Completeness:F3} I {rotated.Informativeness:F3}");
        Assert.That(perfect.Disentanglement, Is.GreaterThan(0.99));
        Assert.That(perfect.Completeness, Is.GreaterThan(0.99));
        Assert.That(perfect.Importance[1, 0] + perfect.Importance[1, 1], Is.LessThan(1e-3), "the lasso gives the noise dimension no weight");
        Assert.That(rotated.Disentanglement, Is.LessThan(0.05));
        Assert.That(rotated.Completeness, Is.LessThan(0.05));
        Assert.That(perfect.Informativeness, Is.GreaterThan(0.95));
        Assert.That(rotated.Informativeness, Is.GreaterThan(0.95), "a rotation loses no information");
    }

    [Test]
    public void Dci_ImportanceFormulas_MatchHandComputedCases()
    {
        Assert.That(Dci.Disentanglement(new double[,] { { 1, 0 }, { 0, 2 } }), Is.EqualTo(1).Within(1e-12));
        Assert.That(Dci.Disentanglement(new double[,] { { 1, 1 }, { 1, 1 } }), Is.EqualTo(0).Within(1e-12));
        // One code for both factors, one idle: D = 1 * (1 - H_2(1/2, 1/2)) = 0; C = 1 - H_2(1, 0) = 1.
        Assert.That(Dci.Completeness(new double[,] { { 1, 1 }, { 0, 0 } }), Is.EqualTo(1).Within(1e-12));
        Assert.That(Dci.Completeness(new double[,] { { 1, 0 }, { 1, 0 } }), Is.EqualTo(0).Within(1e-12), "factor 0 spread evenly over two codes, factor 1 unexplained");
        Assert.That(Dci.Completeness(new double[,] { { 3, 0 }, { 0, 1 } }), Is.EqualTo(1).Within(1e-12));
    }
}
