using Research.Framework.Randomness;

namespace Research.Framework.Tests.Randomness;

public class RngTests
{
    [Test]
    public void SameSeed_GivesTheSameStream()
    {
        var (a, b) = (new Rng(42), new Rng(42));
        for (var i = 0; i < 100; i++) Assert.That(a.NextUInt64(), Is.EqualTo(b.NextUInt64()));
    }

    [Test]
    public void Split_ChildrenDifferFromEachOtherAndTheParent()
    {
        var parent = new Rng(7);
        var c1 = parent.Split();
        var c2 = parent.Split();
        var draws = new[] { c1.NextUInt64(), c2.NextUInt64(), parent.NextUInt64() };
        Assert.That(draws.Distinct().Count(), Is.EqualTo(3));
        Assert.That(new Rng(7).Split().NextUInt64(), Is.EqualTo(draws[0]), "splitting is deterministic");
    }

    [Test]
    public void Normal_HasMeanZeroAndUnitVariance_WithinSamplingError()
    {
        const int n = 200_000;
        var x = new float[n];
        new Rng(1).Normal(x);
        var mean = x.Average(v => (double)v);
        var variance = x.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance; allow 5 sigma.
        Assert.That(mean, Is.EqualTo(0).Within(0.011));
        Assert.That(variance, Is.EqualTo(1).Within(0.016));
    }

    [Test]
    public void Uniform_StaysInRange_AndBernoulliMatchesItsProbability()
    {
        var rng = new Rng(3);
        var u = new float[100_000];
        rng.Uniform(u, -2f, 3f);
        Assert.That(u.Min(), Is.GreaterThanOrEqualTo(-2f));
        Assert.That(u.Max(), Is.LessThan(3f));
        var p = Enumerable.Repeat(0.3f, 100_000).ToArray();
        var b = new float[p.Length];
        rng.Bernoulli(p, b);
        Assert.That(b.All(v => v is 0f or 1f), Is.True);
        Assert.That(b.Average(), Is.EqualTo(0.3).Within(5 * Math.Sqrt(0.21 / p.Length)));
    }

    [Test]
    public void NextInt_IsUniformOverItsRange()
    {
        var rng = new Rng(5);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        // Each count ~ Binomial(70000, 1/7): sd ~ 92; allow 5 sd.
        Assert.That(counts, Has.All.InRange(10_000 - 460, 10_000 + 460));
    }
}
