using Research.Framework.Autodiff;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;

namespace Research.Framework.Tests.Probability;

public class DistributionTests
{
    private const double HalfLog2Pi = 0.91893853320467274;

    private static double NormalLogPdf(double x, double m, double logS) =>
        -0.5 * Math.Pow((x - m) / Math.Exp(logS), 2) - logS - HalfLog2Pi;

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Test]
    public void DiagonalNormal_LogProb_WithRepeats_MatchesClosedForm()
    {
        var mean = GradCheck.Uniform(1, new Shape(3, 4));
        var logStd = GradCheck.Uniform(2, new Shape(3, 4), -1f, 0.5f);
        var x = GradCheck.Uniform(3, new Shape(6, 4), -2f, 2f); // K = 2 repeats of the 3 rows
        var lp = new DiagonalNormal(mean, logStd).LogProb(x);
        Assert.That(lp.Shape, Is.EqualTo(new Shape(6)));
        var expected = new double[6];
        for (var r = 0; r < 6; r++)
        for (var j = 0; j < 4; j++)
            expected[r] += NormalLogPdf(x.Data[r * 4 + j], mean.Data[r % 3 * 4 + j], logStd.Data[r % 3 * 4 + j]);
        GradCheck.AssertValues(lp, expected, rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void DiagonalNormal_RSample_HasTheMeanAndStdOfTheDistribution()
    {
        var d = new DiagonalNormal(Tensor.FromArray([1f, -2f], new Shape(1, 2)), Tensor.FromArray([0f, MathF.Log(0.5f)], new Shape(1, 2)));
        const int k = 20000;
        var z = d.RSample(k, new Rng(4));
        Assert.That(z.Shape, Is.EqualTo(new Shape(k, 2)));
        double[] expectedMean = [1, -2], expectedStd = [1, 0.5];
        for (var j = 0; j < 2; j++)
        {
            var values = Enumerable.Range(0, k).Select(r => (double)z.Data[r * 2 + j]).ToArray();
            var m = values.Average();
            var s = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (k - 1));
            Assert.That(m, Is.EqualTo(expectedMean[j]).Within(4 * expectedStd[j] / Math.Sqrt(k)));
            Assert.That(s, Is.EqualTo(expectedStd[j]).Within(4 * expectedStd[j] / Math.Sqrt(2.0 * k)));
        }
    }

    [Test]
    public void DiagonalNormal_RSample_IsSampleMajor()
    {
        var d = new DiagonalNormal(Tensor.FromArray([0f, 100f], new Shape(2, 1)), Tensor.FromArray([-20f, -20f], new Shape(2, 1)));
        var z = d.RSample(3, new Rng(5));
        Assert.That(z.ToArray(), Is.EqualTo(new[] { 0f, 100f, 0f, 100f, 0f, 100f }).Within(1e-3f));
    }

    /// <summary>Analytic KL against the Monte Carlo mean of log q - log p under q, within 4 standard errors.</summary>
    [Test]
    public void DiagonalNormal_KlTo_MatchesMonteCarloEstimate()
    {
        var q = new DiagonalNormal(GradCheck.Uniform(6, new Shape(2, 3)), GradCheck.Uniform(7, new Shape(2, 3), -0.7f, 0.3f));
        var p = new DiagonalNormal(GradCheck.Uniform(8, new Shape(2, 3)), GradCheck.Uniform(9, new Shape(2, 3), -0.3f, 0.5f));
        AssertKlMatchesMonteCarlo(q.KlTo(p), q, z => p.LogProb(z));
        AssertKlMatchesMonteCarlo(q.KlToStandardNormal(), q, StandardNormal.LogProb);
    }

    private static void AssertKlMatchesMonteCarlo(Tensor analytic, DiagonalNormal q, Func<Tensor, Tensor> logP)
    {
        const int k = 20000;
        var b = q.Rows;
        var z = q.RSample(k, new Rng(10));
        var logRatio = q.LogProb(z).Subtract(logP(z)).ToArray();
        for (var i = 0; i < b; i++)
        {
            var values = Enumerable.Range(0, k).Select(s => (double)logRatio[s * b + i]).ToArray();
            var m = values.Average();
            var se = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (k - 1) / k);
            Assert.That((double)analytic.Data[i], Is.EqualTo(m).Within(4 * se + 1e-4), $"row {i}");
        }
    }

    [Test]
    public void DiagonalNormal_KlPerDimension_SumsToTotalAndIsZeroToItself()
    {
        var q = new DiagonalNormal(GradCheck.Uniform(11, new Shape(2, 3)), GradCheck.Uniform(12, new Shape(2, 3), -1f, 1f));
        var perDim = q.KlPerDimensionToStandardNormal();
        Assert.That(perDim.Shape, Is.EqualTo(new Shape(2, 3)));
        GradCheck.AssertValues(perDim.Sum(axis: -1), q.KlToStandardNormal().ToArray().Select(v => (double)v).ToArray());
        GradCheck.AssertValues(q.KlTo(q), [0, 0], atol: 1e-6);
        var standard = new DiagonalNormal(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2, 3)));
        GradCheck.AssertValues(q.KlTo(standard), q.KlToStandardNormal().ToArray().Select(v => (double)v).ToArray(), rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void DiagonalNormal_LogProbAndKl_MatchFiniteDifferences()
    {
        var x = GradCheck.Uniform(13, new Shape(4, 3), -2f, 2f);
        GradCheck.Check(t => new DiagonalNormal(t[0], t[1]).LogProb(x), [GradCheck.Uniform(14, new Shape(2, 3)), GradCheck.Uniform(15, new Shape(2, 3), -0.5f, 0.5f)], eps: 1e-3f);
        GradCheck.Check(t => new DiagonalNormal(t[0], t[1]).KlTo(new DiagonalNormal(t[2], t[3])),
            [GradCheck.Uniform(16, new Shape(2, 3)), GradCheck.Uniform(17, new Shape(2, 3), -0.5f, 0.5f), GradCheck.Uniform(18, new Shape(2, 3)), GradCheck.Uniform(19, new Shape(2, 3), -0.5f, 0.5f)], eps: 1e-3f);
    }

    [Test]
    public void StandardNormal_LogProb_MatchesClosedForm()
    {
        var z = GradCheck.Uniform(20, new Shape(3, 5), -3f, 3f);
        var expected = Enumerable.Range(0, 3).Select(r => Enumerable.Range(0, 5).Sum(j => NormalLogPdf(z.Data[r * 5 + j], 0, 0))).ToArray();
        GradCheck.AssertValues(StandardNormal.LogProb(z), expected, rtol: 1e-6, atol: 1e-5);
    }

    [Test]
    public void Bernoulli_LogProb_WithRepeats_MatchesClosedForm()
    {
        var logits = GradCheck.Uniform(21, new Shape(4, 3), -4f, 4f); // K = 2, B = 2
        var x = Tensor.FromArray([1f, 0f, 1f, 0f, 0.3f, 1f], new Shape(2, 3));
        var expected = new double[4];
        for (var r = 0; r < 4; r++)
        for (var j = 0; j < 3; j++)
        {
            var (l, v) = ((double)logits.Data[r * 3 + j], (double)x.Data[r % 2 * 3 + j]);
            expected[r] += v * Math.Log(Sigmoid(l)) + (1 - v) * Math.Log(1 - Sigmoid(l));
        }
        GradCheck.AssertValues(new Bernoulli(logits).LogProb(x), expected, rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void Bernoulli_LogProb_AtLogitsPlusMinus100_IsExact()
    {
        var logits = Tensor.FromArray([100f, -100f, 100f, -100f], new Shape(1, 4));
        var x = Tensor.FromArray([1f, 0f, 0f, 1f], new Shape(1, 4));
        var each = new Bernoulli(logits.Reshape(4, 1)).LogProb(x.Reshape(4, 1));
        GradCheck.AssertValues(each, [0, 0, -100, -100], rtol: 1e-6, atol: 1e-6);
        logits.RequiresGrad = true;
        new Bernoulli(logits).LogProb(x).Sum().Backward();
        Assert.That(logits.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, -1f, 1f }).Within(1e-6f)); // x - sigmoid(l), no NaN
    }

    [Test]
    public void Bernoulli_LogProb_MatchesFiniteDifferences()
    {
        var x = Tensor.FromArray([1f, 0f, 1f, 0f, 1f, 1f], new Shape(2, 3));
        GradCheck.Check(t => new Bernoulli(t[0]).LogProb(x), [GradCheck.Uniform(22, new Shape(4, 3), -3f, 3f)], eps: 1e-3f);
    }

    private static double DiscretizedLogisticMass(double x, double mu, double logS, int bins)
    {
        var half = 0.5 / (bins - 1);
        var s = Math.Exp(logS);
        var upper = x > 1 - half ? 1.0 : Sigmoid((x + half - mu) / s);
        var lower = x < half ? 0.0 : Sigmoid((x - half - mu) / s);
        return upper - lower;
    }

    [TestCase(0.5f, -3f)]
    [TestCase(0.1f, 0f)]
    [TestCase(0.9f, -6f)]
    [TestCase(-0.4f, 1f)]
    [TestCase(0.37f, -9f)]
    public void DiscretizedLogistic_MassOverAll256Bins_SumsToOne(float mu, float logScale)
    {
        var x = Tensor.Empty(new Shape(1, 256));
        for (var i = 0; i < 256; i++) x.Data[i] = i / 255f;
        var mean = Tensor.Full(new Shape(256, 1), mu);
        var logS = Tensor.Full(new Shape(256, 1), logScale);
        var lp = new DiscretizedLogistic(mean, logS).LogProb(x.Reshape(256, 1));
        var total = lp.ToArray().Sum(v => Math.Exp(v));
        Assert.That(total, Is.EqualTo(1.0).Within(2e-4));
        Assert.That(lp.ToArray().All(float.IsFinite), Is.True);
    }

    [Test]
    public void DiscretizedLogistic_LogProb_MatchesCdfDifferences()
    {
        var mean = GradCheck.Uniform(23, new Shape(4, 5), 0f, 1f); // K = 2, B = 2
        var logS = GradCheck.Uniform(24, new Shape(4, 5), -4f, -1f);
        var x = Tensor.FromArray([0f, 1f, 128 / 255f, 3 / 255f, 254 / 255f, 1 / 255f, 0.2f, 0f, 1f, 77 / 255f], new Shape(2, 5));
        var expected = new double[4];
        for (var r = 0; r < 4; r++)
        for (var j = 0; j < 5; j++)
            expected[r] += Math.Log(DiscretizedLogisticMass(x.Data[r % 2 * 5 + j], mean.Data[r * 5 + j], logS.Data[r * 5 + j], 256));
        GradCheck.AssertValues(new DiscretizedLogistic(mean, logS).LogProb(x), expected, rtol: 1e-4, atol: 1e-4);
    }

    [Test]
    public void DiscretizedLogistic_NarrowScaleFarFromData_StaysFinite()
    {
        var mean = Tensor.FromArray([0.9f, 0.1f, 0.5f], new Shape(1, 3));
        var logS = Tensor.FromArray([-12f, -12f, -12f], new Shape(1, 3));
        var x = Tensor.FromArray([0f, 1f, 0.5f], new Shape(1, 3));
        var lp = new DiscretizedLogistic(mean, logS).LogProb(x);
        Assert.That(float.IsFinite(lp.Item()), Is.True);
        Assert.That(lp.Item(), Is.LessThan(-1e4f));
    }

    [Test]
    public void DiscretizedLogistic_LogProb_MatchesFiniteDifferences()
    {
        var x = Tensor.FromArray([0f, 1f, 128 / 255f, 3 / 255f, 0.4f, 1 / 255f], new Shape(2, 3));
        GradCheck.Check(t => new DiscretizedLogistic(t[0], t[1]).LogProb(x),
            [GradCheck.Uniform(25, new Shape(2, 3), 0f, 1f), GradCheck.Uniform(26, new Shape(2, 3), -3f, -1f)], eps: 1e-3f);
    }

    [Test]
    public void MixtureOfGaussians_LogProb_MatchesClosedForm()
    {
        var logits = Tensor.FromArray([0.3f, -1f, 0.5f], new Shape(3));
        var means = GradCheck.Uniform(27, new Shape(3, 2), -2f, 2f);
        var logStds = GradCheck.Uniform(28, new Shape(3, 2), -1f, 0.5f);
        var z = GradCheck.Uniform(29, new Shape(5, 2), -3f, 3f);
        var lse = Math.Log(logits.ToArray().Sum(l => Math.Exp(l)));
        var expected = Enumerable.Range(0, 5).Select(n => Math.Log(Enumerable.Range(0, 3).Sum(m =>
            Math.Exp(logits.Data[m] - lse + NormalLogPdf(z.Data[n * 2], means.Data[m * 2], logStds.Data[m * 2]) + NormalLogPdf(z.Data[n * 2 + 1], means.Data[m * 2 + 1], logStds.Data[m * 2 + 1]))))).ToArray();
        GradCheck.AssertValues(new MixtureOfGaussians(logits, means, logStds).LogProb(z), expected, rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void MixtureOfGaussians_FarFromEveryComponent_DoesNotUnderflow()
    {
        var mog = new MixtureOfGaussians(Tensor.Zeros(new Shape(2)), Tensor.FromArray([0f, 0f, 1f, 1f], new Shape(2, 2)), Tensor.Full(new Shape(2, 2), -3f));
        var lp = mog.LogProb(Tensor.FromArray([30f, 30f], new Shape(1, 2))).Item();
        var nearest = -0.5 * 2 * Math.Pow(29 / Math.Exp(-3), 2) + 6 - 2 * HalfLog2Pi + Math.Log(0.5);
        Assert.That(lp, Is.EqualTo(nearest).Within(Math.Abs(nearest) * 1e-5));
    }

    [Test]
    public void MixtureOfGaussians_LogProb_MatchesFiniteDifferences()
    {
        var z = GradCheck.Uniform(30, new Shape(4, 2), -2f, 2f);
        GradCheck.Check(t => new MixtureOfGaussians(t[0], t[1], t[2]).LogProb(z),
            [GradCheck.Uniform(31, new Shape(3)), GradCheck.Uniform(32, new Shape(3, 2)), GradCheck.Uniform(33, new Shape(3, 2), -0.5f, 0.5f)], eps: 1e-3f);
    }

    [Test]
    public void MixtureLogDensity_UnderNoGrad_BlocksRowsWithTheSameValues()
    {
        var z = GradCheck.Uniform(34, new Shape(700, 3), -2f, 2f);
        var means = GradCheck.Uniform(35, new Shape(4, 3));
        var logStds = GradCheck.Uniform(36, new Shape(4, 3), -1f, 0f);
        var w = Tensor.Full(new Shape(4), -MathF.Log(4));
        means.RequiresGrad = true; // the whole-batch path
        var whole = NormalDensity.MixtureLogDensity(z, w, means, logStds).ToArray();
        float[] blocked;
        using (NoGrad.Begin()) blocked = NormalDensity.MixtureLogDensity(z, w, means, logStds).ToArray();
        Assert.That(blocked, Is.EqualTo(whole));
    }

    [Test]
    public void MixtureOfGaussians_Sample_FollowsTheWeights()
    {
        var mog = new MixtureOfGaussians(Tensor.FromArray([MathF.Log(0.8f), MathF.Log(0.2f)], new Shape(2)), Tensor.FromArray([-10f, 10f], new Shape(2, 1)), Tensor.Zeros(new Shape(2, 1)));
        const int n = 5000;
        var right = mog.Sample(n, new Rng(37)).ToArray().Count(v => v > 0) / (double)n;
        Assert.That(right, Is.EqualTo(0.2).Within(4 * Math.Sqrt(0.2 * 0.8 / n)));
    }
}
