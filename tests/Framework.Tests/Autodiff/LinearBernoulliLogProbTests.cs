using System.Numerics;
using System.Runtime.Intrinsics;
using Research.Framework.Autodiff;
using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class LinearBernoulliLogProbTests
{
    // K = 11 samples of B = 10 rows (110 rows: two full 50-row tiles and a partial one), 450 pixels
    // (a full 400-pixel tile and a partial one), 9 inputs.
    private static (Tensor H, Tensor W, Tensor B, Tensor X) Inputs(int k = 11, int b = 10, int fanIn = 9, int pixels = 450)
    {
        var x = GradCheck.Uniform(74, new Shape(b, pixels), 0f, 1f);
        for (var i = 0; i < x.Size; i++) x.Data[i] = x.Data[i] < 0.4f ? 0f : x.Data[i] < 0.8f ? 1f : x.Data[i];
        return (GradCheck.Uniform(71, new Shape(k * b, fanIn), -2f, 2f), GradCheck.Uniform(72, new Shape(fanIn, pixels), -2f, 2f),
            GradCheck.Uniform(73, new Shape(pixels)), x);
    }

    /// <summary>Σ_j x l - softplus(l) with l = h w + b, in double, row r against x row r % B.</summary>
    private static double[] Reference(Tensor h, Tensor w, Tensor? b, Tensor x)
    {
        var (rows, fanIn, pixels, dataRows) = (h.Shape.Rows, w.Shape[0], w.Shape[1], x.Shape.Rows);
        var y = new double[rows];
        for (var r = 0; r < rows; r++)
        for (var j = 0; j < pixels; j++)
        {
            double l = b?.Data[j] ?? 0f;
            for (var i = 0; i < fanIn; i++) l += (double)h.Data[r * fanIn + i] * w.Data[i * pixels + j];
            y[r] += x.Data[r % dataRows * pixels + j] * l - (Math.Max(l, 0) + Math.Log(1 + Math.Exp(-Math.Abs(l))));
        }
        return y;
    }

    [Test]
    public void Fused_UnderNoGrad_MatchesFormulaAndUnfusedOps()
    {
        var (h, w, b, x) = Inputs();
        using var noGrad = NoGrad.Begin();
        var fused = h.LinearBernoulliLogProb(w, b, x);
        Assert.That(fused.Shape, Is.EqualTo(new Shape(110)));
        GradCheck.AssertValues(fused, Reference(h, w, b, x), rtol: 1e-5, atol: 1e-3);
        var logits = h.Linear(w, b).Reshape(11, 10, 450);
        var unfused = logits.Multiply(x).Subtract(logits.Softplus()).Sum(axis: -1).Reshape(110);
        Assert.That(fused.ToArray(), Is.EqualTo(unfused.ToArray()).Within(1e-5).Percent.Or.EqualTo(unfused.ToArray()).Within(1e-3));
    }

    [Test]
    public void Fused_WithoutBias_MatchesFormula()
    {
        var (h, w, _, x) = Inputs(k: 3, b: 5, fanIn: 4, pixels: 17);
        using var noGrad = NoGrad.Begin();
        GradCheck.AssertValues(h.LinearBernoulliLogProb(w, null, x), Reference(h, w, null, x), rtol: 1e-5, atol: 1e-4);
    }

    [Test]
    public void Fused_AnyThreadCount_GivesBitwiseTheSameValues()
    {
        var (h, w, b, x) = Inputs(k: 50, b: 20, fanIn: 20, pixels: 784);
        using var noGrad = NoGrad.Begin();
        float[] At(int threads)
        {
            using var scope = ThreadTeam.Use(threads);
            return h.LinearBernoulliLogProb(w, b, x).ToArray();
        }
        var one = At(1);
        Assert.That(At(2), Is.EqualTo(one));
        Assert.That(At(3), Is.EqualTo(one));
    }

    [Test]
    public void Recorded_MatchesFiniteDifferences()
    {
        var (h, w, b, x) = Inputs(k: 3, b: 2, fanIn: 4, pixels: 5);
        GradCheck.Check(t => t[0].LinearBernoulliLogProb(t[1], t[2], t[3]), [h, w, b, x]);
    }

    [Test]
    public void Recorded_WithDataAConstant_MatchesFiniteDifferences()
    {
        // The training form (x is data): the fused backward that recomputes the logits.
        var (h, w, b, x) = Inputs(k: 3, b: 2, fanIn: 4, pixels: 5);
        GradCheck.Check(t => t[0].LinearBernoulliLogProb(t[1], t[2], x), [h, w, b]);
        var (h2, w2, _, x2) = Inputs(k: 2, b: 3, fanIn: 3, pixels: 7);
        GradCheck.Check(t => t[0].LinearBernoulliLogProb(t[1], null, x2), [h2, w2]);
    }

    /// <summary>Value and gradients of h, w, b under a random upstream gradient, fused or as Linear then BernoulliLogProb.</summary>
    private static (float[] Y, float[] Gh, float[] Gw, float[] Gb) Trained(Tensor h0, Tensor w0, Tensor b0, Tensor x, bool fused, int threads,
        bool recompute = false)
    {
        using var team = ThreadTeam.Use(threads);
        Ops.RecomputeLinearBernoulliLogits = recompute;
        using var scope = TensorScope.Begin();
        Tensor Leaf(Tensor t)
        {
            var leaf = Tensor.FromArray(t.ToArray(), t.Shape);
            leaf.RequiresGrad = true;
            return leaf;
        }
        var (h, w, b) = (Leaf(h0), Leaf(w0), Leaf(b0));
        try
        {
            var y = fused ? h.LinearBernoulliLogProb(w, b, x) : h.Linear(w, b).BernoulliLogProb(x);
            var upstream = GradCheck.Uniform(78, y.Shape, -1f, 1f);
            y.Multiply(upstream).Sum().Backward();
            return (y.ToArray(), h.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
        }
        finally { Ops.RecomputeLinearBernoulliLogits = false; }
    }

    [TestCase(1, 20, 1)] // one block, the dot-product GEMM path for dh (20 rows)
    [TestCase(50, 20, 1)] // K = 50, batch 20: 1000 rows, two 500-row blocks when recomputed
    [TestCase(50, 20, 2)]
    [TestCase(37, 30, 2)] // 1110 rows: three 370-row blocks
    [TestCase(5, 100, 3)]
    public void Recorded_KeptOrRecomputed_IsBitwiseTheUnfusedComposition(int k, int batch, int threads)
    {
        var (h, w, b, x) = Inputs(k: k, b: batch, fanIn: 40, pixels: 784);
        var unfused = Trained(h, w, b, x, fused: false, threads: 1);
        foreach (var recompute in (bool[])[false, true])
        {
            var fused = Trained(h, w, b, x, fused: true, threads: threads, recompute: recompute);
            Assert.That(fused.Y, Is.EqualTo(unfused.Y), $"log p(x|z), recompute {recompute}");
            Assert.That(fused.Gh, Is.EqualTo(unfused.Gh), $"dh, recompute {recompute}");
            Assert.That(fused.Gw, Is.EqualTo(unfused.Gw), $"dw, recompute {recompute}");
            Assert.That(fused.Gb, Is.EqualTo(unfused.Gb), $"db, recompute {recompute}");
        }
    }

    [Test]
    public void Recorded_BackwardTwice_RecomputesTheConsumedLogits()
    {
        // The first pass overwrites the kept logits with their gradient; the second must recompute them.
        var (h0, w0, b0, x) = Inputs(k: 50, b: 20, fanIn: 40, pixels: 784);
        var upstream = GradCheck.Uniform(78, new Shape(1000), -1f, 1f);
        float[][] TwiceThrough(bool fused)
        {
            var (h, w, b) = (Tensor.FromArray(h0.ToArray(), h0.Shape), Tensor.FromArray(w0.ToArray(), w0.Shape), Tensor.FromArray(b0.ToArray(), b0.Shape));
            foreach (var t in (Tensor[])[h, w, b]) t.RequiresGrad = true;
            var y = fused ? h.LinearBernoulliLogProb(w, b, x) : h.Linear(w, b).BernoulliLogProb(x);
            var loss = y.Multiply(upstream).Sum();
            loss.Backward();
            loss.Backward();
            return [h.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray()];
        }
        var (unfused, fused) = (TwiceThrough(fused: false), TwiceThrough(fused: true));
        Assert.That(fused[1], Is.EqualTo(unfused[1]), "dw");
        Assert.That(fused[2], Is.EqualTo(unfused[2]), "db");
        Assert.That(fused[0], Is.EqualTo(unfused[0]), "dh");
    }

    [Test]
    public void BernoulliLogProb_MatchesFormulaAndFiniteDifferences()
    {
        var (h, w, b, x) = Inputs(k: 3, b: 4, fanIn: 5, pixels: 37);
        using (NoGrad.Begin())
        {
            var logits = h.Linear(w, b);
            GradCheck.AssertValues(logits.BernoulliLogProb(x), Reference(h, w, b, x), rtol: 1e-5, atol: 1e-4);
        }
        var l = GradCheck.Uniform(75, new Shape(6, 37), -3f, 3f);
        GradCheck.Check(t => t[0].BernoulliLogProb(t[1]), [l, x.Reshape(4, 37).Slice(0, 0, 2)]);
    }

    [Test]
    public void BernoulliLogProb_AnyThreadCount_GivesBitwiseTheSameValuesAndGradients()
    {
        var l0 = GradCheck.Uniform(76, new Shape(1000, 784), -4f, 4f);
        var x = GradCheck.Uniform(77, new Shape(20, 784), 0f, 1f);
        (float[] Y, float[] G) At(int threads)
        {
            using var scope = ThreadTeam.Use(threads);
            var l = Tensor.FromArray(l0.ToArray(), l0.Shape);
            l.RequiresGrad = true;
            var y = l.BernoulliLogProb(x);
            y.Sum().Backward();
            return (y.ToArray(), l.Grad!.ToArray());
        }
        var one = At(1);
        var two = At(2);
        Assert.That(two.Y, Is.EqualTo(one.Y));
        Assert.That(two.G, Is.EqualTo(one.G));
    }

    [Test]
    public void SoftplusPolynomial_OverTheWholeRange_IsWithinTwoMillionthsRelative() =>
        AssertLanewiseWithin("softplus",
            v => StableMath.SoftplusPolynomial<Vector512<float>, Lanes512>(Vector512.Create(v)).ToScalar(),
            v => StableMath.SoftplusPolynomial<Vector<float>, LanesOfVector>(new Vector<float>(v))[0],
            v =>
            {
                var e = Math.Exp(-Math.Abs(v));
                return Math.Max(v, 0) + (e < 1e-4 ? e - e * e / 2 + e * e * e / 3 : Math.Log(1 + e)); // log1p in double
            }, 2e-6);

    [Test]
    public void SigmoidPolynomial_OverTheWholeRange_IsWithinOneMillionthRelative() =>
        AssertLanewiseWithin("sigmoid",
            v => StableMath.SigmoidPolynomial<Vector512<float>, Lanes512>(Vector512.Create(v)).ToScalar(),
            v => StableMath.SigmoidPolynomial<Vector<float>, LanesOfVector>(new Vector<float>(v))[0],
            v => 1.0 / (1.0 + Math.Exp(-v)), 1e-6);

    /// <summary>
    /// A lanewise polynomial against its double-precision value on -1e4..1e4 (densely near 0, and the extremes),
    /// within <paramref name="relative"/>, and bitwise the same in 512-bit lanes and in Vector&lt;float&gt;'s (the same
    /// operations lane by lane). Below -87 the polynomials take e^-87 (1.6e-38) for e^v: an absolute error under 1e-37 is allowed.
    /// </summary>
    private static void AssertLanewiseWithin(string name, Func<float, float> in512, Func<float, float> inVector, Func<double, double> exact, double relative)
    {
        var worst = 0.0;
        for (var i = 0; i < 200_000; i++)
        {
            var v = i == 0 ? 0f : i == 1 ? 1e-30f : i == 2 ? -1e4f : i == 3 ? 1e4f : (i % 2 == 0 ? 1 : -1) * MathF.Pow(10f, -8f + 10f * i / 200_000f);
            var got = in512(v);
            if (BitConverter.SingleToInt32Bits(inVector(v)) != BitConverter.SingleToInt32Bits(got))
                Assert.Fail($"{name}({v}): {got} in 512-bit lanes, {inVector(v)} in Vector<float>'s");
            var expected = exact(v);
            var error = Math.Max(0, Math.Abs(got - expected) - 1e-37) / expected;
            if (error > relative) Assert.Fail($"{name}({v}) = {got}, expected {expected}");
            worst = Math.Max(worst, error);
        }
        Assert.That(worst, Is.LessThan(relative));
    }

    [Test]
    public void RowsNotARepeatOfTheData_FailsNamingBoth()
    {
        var (h, w, b, _) = Inputs(k: 1, b: 7, fanIn: 4, pixels: 5);
        var ex = Assert.Throws<ArgumentException>(() => h.LinearBernoulliLogProb(w, b, Tensor.Zeros(new Shape(3, 5))));
        Assert.That(ex!.Message, Does.Contain("7 rows").And.Contain("3 data rows"));
    }
}
