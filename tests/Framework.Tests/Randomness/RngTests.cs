using Research.Framework.Kernels;
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
    public void Normal_MatchesNormalCdfAtKnownPoints_WithinSamplingError()
    {
        const int n = 1_000_000;
        var x = new float[n];
        new Rng(11).Normal(x);
        // Φ at a few points (closed-form values to 6 digits): fraction of draws below each, within 5 binomial sd.
        (double At, double Cdf)[] points = [(-3, 0.0013499), (-2, 0.0227501), (-1, 0.1586553), (0, 0.5), (0.5, 0.6914625), (1.5, 0.9331928), (2.5, 0.9937903), (3.5, 0.9997674)];
        foreach (var (at, cdf) in points)
        {
            var below = x.Count(v => v < at) / (double)n;
            Assert.That(below, Is.EqualTo(cdf).Within(5 * Math.Sqrt(cdf * (1 - cdf) / n)), $"P(z < {at})");
        }
        var mean = x.Average(v => (double)v);
        var m4 = x.Average(v => Math.Pow(v - mean, 4));
        var m3 = x.Average(v => Math.Pow(v - mean, 3));
        // Standard errors at n = 1e6: skewness sqrt(6/n) = 0.0024, kurtosis sqrt(24/n) = 0.0049; allow 5 sigma.
        Assert.That(m3, Is.EqualTo(0).Within(0.012), "skewness");
        Assert.That(m4, Is.EqualTo(3).Within(0.025), "kurtosis");
        Assert.That(x.Max(), Is.GreaterThan(4f).And.LessThan(8.6f), "the largest of 1e6 draws (about 4.9 expected; 8.5 is the bound)");
    }

    [Test]
    public void Normal_IsBitwiseTheSameForAnyThreadCount()
    {
        const int n = 3 * (1 << 16) + 777; // several blocks and a partial one, above the parallel threshold
        float[] Fill(int threads)
        {
            var x = new float[n];
            using var scope = ThreadTeam.Use(threads);
            new Rng(5).Normal(x, 0.5f, 2f);
            return x;
        }
        var one = Fill(1);
        Assert.That(Fill(2), Is.EqualTo(one));
        Assert.That(Fill(3), Is.EqualTo(one));
    }

    [Test]
    public void Normal_IsTheDocumentedCounterBasedBoxMuller()
    {
        // Recomputes NormalFill's construction with scalar math: value j of the stream is in block b = j / 2P; pair i
        // of the block takes SplitMix64 words 2(bP + i) and 2(bP + i) + 1 and gives r cos at bB + i, r sin at bB + P + i.
        const int pairsPerBlock = NormalFill.BlockPairs;
        const int skipped = 700, n = 2 * 512 + 301; // starts and ends inside a block
        var rng = new Rng(9);
        rng.Normal(new float[skipped]);
        var x = new float[n];
        rng.Normal(x, mean: -1f, std: 3f);
        var key = FifthSplitMix64Output(9); // Rng(seed) seeds xoshiro with the first four, its normal stream with the fifth
        for (var j = skipped; j < skipped + n; j++)
        {
            var (b, p) = (j / (2 * pairsPerBlock), j % (2 * pairsPerBlock));
            var (pair, useSin) = p < pairsPerBlock ? (p, false) : (p - pairsPerBlock, true);
            var word = 2UL * (ulong)(b * pairsPerBlock + pair);
            var u1 = ((SplitMix64.Mix(key + (word + 1) * SplitMix64.Gamma) >> 11) + 1) / 9007199254740992.0;
            var u2 = (SplitMix64.Mix(key + (word + 2) * SplitMix64.Gamma) >> 11) / 9007199254740992.0;
            var r = Math.Sqrt(-2 * Math.Log(u1));
            var z = useSin ? r * Math.Sin(2 * Math.PI * u2) : r * Math.Cos(2 * Math.PI * u2);
            Assert.That(x[j - skipped], Is.EqualTo(-1f + 3f * (float)z).Within(1e-5f * (1 + Math.Abs(3 * z))), $"value {j}");
        }
    }

    [Test]
    public void Normal_InChunks_IsBitwiseOneFill()
    {
        var whole = new float[5000];
        new Rng(21).Normal(whole);
        var chunked = new float[5000];
        var rng = new Rng(21);
        var at = 0;
        foreach (var size in new[] { 1, 2, 509, 3, 1024, 461, 3000 })
        {
            rng.Normal(chunked.AsSpan(at, size));
            at += size;
        }
        Assert.That(chunked, Is.EqualTo(whole));
    }

    [Test]
    public void Normal_LeavesTheWordStreamAlone()
    {
        var (a, b) = (new Rng(13), new Rng(13));
        b.Normal(new float[100_000]);
        Assert.That(b.NextUInt64(), Is.EqualTo(a.NextUInt64()));
    }

    private static ulong FifthSplitMix64Output(ulong seed)
    {
        for (var i = 0; i < 4; i++) SplitMix64.Next(ref seed);
        return SplitMix64.Next(ref seed);
    }

    [Test]
    public void Normal_SuccessiveFillsAreUncorrelated()
    {
        const int n = 200_000;
        var (x, y) = (new float[n], new float[n]);
        var rng = new Rng(17);
        rng.Normal(x);
        rng.Normal(y);
        var correlation = x.Zip(y, (u, v) => (double)u * v).Sum() / n;
        Assert.That(correlation, Is.EqualTo(0).Within(5 / Math.Sqrt(n)));
        Assert.That(x.Take(1000), Is.Not.EqualTo(y.Take(1000)));
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
