using Research.Framework.Autodiff;
using Research.Framework.Evaluation;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Vae;

/// <summary>
/// On a linear-Gaussian model with a known log p(x): ELBO ≤ IWAE_K ≤ IWAE_K' ≤ log p(x) for
/// K &lt; K', and the importance-sampled estimate converges to log p(x). Each statement is about
/// expectations, so it is asserted on the mean over 200 data points (each with its own samples)
/// with a tolerance of 4 standard errors of that mean.
/// </summary>
public class LinearGaussianBoundTests
{
    private const int Points = 200;
    private static readonly int[] Ks = [1, 10, 100, 1000, 5000];

    private sealed record Estimates(double[] LogP, double[] Elbo, Dictionary<int, double[]> Iwae);

    private static readonly Lazy<Estimates> Shared = new(Compute);

    private static Estimates Compute()
    {
        var model = LinearGaussianModel.Create();
        var x = LinearGaussianModel.Data(Points, new Rng(100));
        var logP = Enumerable.Range(0, Points).Select(r => LinearGaussianModel.LogMarginal(x.Row(r))).ToArray();
        double[] elbo;
        using (NoGrad.Begin())
        using (TensorScope.Begin())
            elbo = ElboObjective.Compute(model, x, new Rng(101), k: 2000).Elbo.ToArray().Select(v => (double)v).ToArray();
        var iwae = Ks.ToDictionary(k => k, k => ImportanceSampling.LogLikelihood(model, x, k, new Rng(200 + (ulong)k), chunk: 1000));
        return new Estimates(logP, elbo, iwae);
    }

    /// <summary>The mean of a - b over the points and its standard error.</summary>
    private static (double Mean, double Se) Difference(double[] a, double[] b)
    {
        var d = a.Zip(b, (u, v) => u - v).ToArray();
        var m = d.Average();
        return (m, Math.Sqrt(d.Sum(v => (v - m) * (v - m)) / (d.Length - 1) / d.Length));
    }

    [Test]
    public void Bounds_IncreaseWithK_AndStayBelowLogMarginal()
    {
        var e = Shared.Value;
        var chain = new List<(string Name, double[] Values)> { ("ELBO", e.Elbo) };
        chain.AddRange(Ks.Select(k => ($"IWAE_{k}", e.Iwae[k])));
        chain.Add(("log p(x)", e.LogP));
        for (var i = 0; i + 1 < chain.Count; i++)
        {
            var (m, se) = Difference(chain[i + 1].Values, chain[i].Values);
            Assert.That(m, Is.GreaterThan(-4 * se), $"{chain[i].Name} ≤ {chain[i + 1].Name}: mean difference {m:G4} ± {se:G3}");
        }
    }

    [Test]
    public void Bounds_StrictGapsWhereTheyAreLarge()
    {
        var e = Shared.Value;
        // The posterior is imperfect: the ELBO is clearly below log p(x), and K = 100 closes most of that gap.
        var (gap1, se1) = Difference(e.LogP, e.Elbo);
        Assert.That(gap1, Is.GreaterThan(0.05 + 4 * se1), "ELBO gap");
        var (gain, seGain) = Difference(e.Iwae[100], e.Iwae[1]);
        Assert.That(gain, Is.GreaterThan(4 * seGain), "IWAE_100 above IWAE_1");
        Assert.That(gain, Is.GreaterThan(0.5 * gap1), "IWAE_100 closes most of the ELBO gap");
    }

    [Test]
    public void ImportanceSampledEstimate_ConvergesToLogMarginal()
    {
        var e = Shared.Value;
        var gaps = Ks.Select(k => Difference(e.LogP, e.Iwae[k])).ToArray();
        var (gap, se) = gaps[^1];
        Assert.That(Math.Abs(gap), Is.LessThan(4 * se + 2e-3), $"log p(x) - IS_5000 = {gap:G4} ± {se:G3}");
        Assert.That(gaps[0].Mean, Is.GreaterThan(20 * Math.Abs(gap)), "the gap at K = 1 is much larger than at K = 5000");
        // The estimate itself agrees with the exact value point by point at K = 5000.
        for (var r = 0; r < Points; r++) Assert.That(e.Iwae[5000][r], Is.EqualTo(e.LogP[r]).Within(0.05), $"point {r}");
    }

    [Test]
    public void Iwae1_EqualsTheElboInExpectation()
    {
        var e = Shared.Value;
        var (m, se) = Difference(e.Iwae[1], e.Elbo);
        Assert.That(Math.Abs(m), Is.LessThan(4 * se), $"IWAE_1 - ELBO = {m:G4} ± {se:G3}");
    }
}
