using Research.Framework.Autodiff;
using System.Numerics;
using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class LinearBernoulliLogProbTests
{
    // K = 11 samples of B = 10 rows (110 rows: two full 48-row tiles and a partial one), 450 pixels
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
    public void SoftplusPolynomial_OverTheWholeRange_IsWithinTwoMillionthsRelative()
    {
        var worst = 0.0;
        var lanes = new float[Vector<float>.Count];
        for (var i = 0; i < 200_000; i++)
        {
            // -100 .. 100 densely near 0, and the extremes
            var v = i == 0 ? 0f : i == 1 ? 1e-30f : i == 2 ? -1e4f : i == 3 ? 1e4f : (i % 2 == 0 ? 1 : -1) * MathF.Pow(10f, -8f + 10f * i / 200_000f);
            Array.Fill(lanes, v);
            var got = StableMath.SoftplusPolynomial(new Vector<float>(lanes))[0];
            var e = Math.Exp(-Math.Abs((double)v));
            var expected = Math.Max(v, 0) + (e < 1e-4 ? e - e * e / 2 + e * e * e / 3 : Math.Log(1 + e)); // log1p in double
            // Below -87 the polynomial returns e^-87 (1.6e-38) for e^v: an absolute error under 1e-37.
            var error = Math.Max(0, Math.Abs(got - expected) - 1e-37) / expected;
            if (error > 2e-6) Assert.Fail($"softplus({v}) = {got}, expected {expected}");
            worst = Math.Max(worst, error);
        }
        Assert.That(worst, Is.LessThan(2e-6));
    }

    [Test]
    public void RowsNotARepeatOfTheData_FailsNamingBoth()
    {
        var (h, w, b, _) = Inputs(k: 1, b: 7, fanIn: 4, pixels: 5);
        var ex = Assert.Throws<ArgumentException>(() => h.LinearBernoulliLogProb(w, b, Tensor.Zeros(new Shape(3, 5))));
        Assert.That(ex!.Message, Does.Contain("7 rows").And.Contain("3 data rows"));
    }
}
