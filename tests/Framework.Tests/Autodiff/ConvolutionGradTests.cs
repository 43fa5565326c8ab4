using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

/// <summary>Conv2d and ConvTranspose2d against the defining sums (in double) and finite differences.</summary>
public class ConvolutionGradTests
{
    /// <summary>y[n, o, oy, ox] = b[o] + Σ w[o, c, i, j] x[n, c, oy s - p + i, ox s - p + j].</summary>
    private static double[] ConvReference(Tensor x, Tensor w, Tensor? b, int s, int p)
    {
        var (n, c, h, wd) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        var (o, kh, kw) = (w.Shape[0], w.Shape[2], w.Shape[3]);
        var (ho, wo) = ((h + 2 * p - kh) / s + 1, (wd + 2 * p - kw) / s + 1);
        var y = new double[n * o * ho * wo];
        for (var a = 0; a < n; a++)
        for (var q = 0; q < o; q++)
        for (var oy = 0; oy < ho; oy++)
        for (var ox = 0; ox < wo; ox++)
        {
            double sum = b?.Data[q] ?? 0f;
            for (var ch = 0; ch < c; ch++)
            for (var i = 0; i < kh; i++)
            for (var j = 0; j < kw; j++)
            {
                var (yy, xx) = (oy * s - p + i, ox * s - p + j);
                if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                sum += (double)w.Data[((q * c + ch) * kh + i) * kw + j] * x.Data[((a * c + ch) * h + yy) * wd + xx];
            }
            y[((a * o + q) * ho + oy) * wo + ox] = sum;
        }
        return y;
    }

    /// <summary>y[n, co, yy s - p + i, xx s - p + j] += w[ci, co, i, j] x[n, ci, yy, xx], plus b[co].</summary>
    private static double[] TransposeReference(Tensor x, Tensor w, Tensor? b, int s, int p)
    {
        var (n, ci, h, wd) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        var (co, kh, kw) = (w.Shape[1], w.Shape[2], w.Shape[3]);
        var (ho, wo) = ((h - 1) * s - 2 * p + kh, (wd - 1) * s - 2 * p + kw);
        var y = new double[n * co * ho * wo];
        for (var a = 0; a < n; a++)
        for (var q = 0; q < co; q++)
        for (var k = 0; k < ho * wo; k++)
            y[(a * co + q) * ho * wo + k] = b?.Data[q] ?? 0f;
        for (var a = 0; a < n; a++)
        for (var c = 0; c < ci; c++)
        for (var yy = 0; yy < h; yy++)
        for (var xx = 0; xx < wd; xx++)
        for (var q = 0; q < co; q++)
        for (var i = 0; i < kh; i++)
        for (var j = 0; j < kw; j++)
        {
            var (oy, ox) = (yy * s - p + i, xx * s - p + j);
            if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) continue;
            y[((a * co + q) * ho + oy) * wo + ox] += (double)w.Data[((c * co + q) * kh + i) * kw + j] * x.Data[((a * ci + c) * h + yy) * wd + xx];
        }
        return y;
    }

    [TestCase(1, 0)]
    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(2, 0)]
    [TestCase(3, 2)]
    public void Conv2d_WithBias_MatchesSumAndFiniteDifferences(int stride, int padding)
    {
        var (x, w, b) = (GradCheck.Uniform(71, new Shape(2, 2, 6, 5)), GradCheck.Uniform(72, new Shape(3, 2, 3, 3)), GradCheck.Uniform(73, new Shape(3)));
        var y = x.Conv2d(w, b, stride, padding);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, (6 + 2 * padding - 3) / stride + 1, (5 + 2 * padding - 3) / stride + 1)));
        GradCheck.AssertValues(y, ConvReference(x, w, b, stride, padding));
        GradCheck.Check(t => t[0].Conv2d(t[1], t[2], stride, padding), [x, w, b], maxElementsPerInput: 60);
    }

    [Test]
    public void Conv2d_WithoutBias_Kernel4Stride2_MatchesSumAndFiniteDifferences()
    {
        var (x, w) = (GradCheck.Uniform(74, new Shape(2, 1, 8, 8)), GradCheck.Uniform(75, new Shape(4, 1, 4, 4)));
        var y = x.Conv2d(w, null, stride: 2, padding: 1);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 4, 4, 4)), "kernel 4, stride 2, padding 1 halves the side");
        GradCheck.AssertValues(y, ConvReference(x, w, null, 2, 1));
        GradCheck.Check(t => t[0].Conv2d(t[1], null, 2, 1), [x, w]);
    }

    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(3, 0)]
    public void ConvTranspose2d_WithBias_MatchesSumAndFiniteDifferences(int stride, int padding)
    {
        var (x, w, b) = (GradCheck.Uniform(76, new Shape(2, 3, 3, 4)), GradCheck.Uniform(77, new Shape(3, 2, 4, 4)), GradCheck.Uniform(78, new Shape(2)));
        var y = x.ConvTranspose2d(w, b, stride, padding);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2, (3 - 1) * stride - 2 * padding + 4, (4 - 1) * stride - 2 * padding + 4)));
        GradCheck.AssertValues(y, TransposeReference(x, w, b, stride, padding));
        GradCheck.Check(t => t[0].ConvTranspose2d(t[1], t[2], stride, padding), [x, w, b], maxElementsPerInput: 60);
    }

    [Test]
    public void ConvTranspose2d_IsTheAdjointOfConv2dInItsInput()
    {
        // <Conv2d(u; w), v> = <u, ConvTranspose2d(v; w)> for the same w, stride and padding.
        var (u, w) = (GradCheck.Uniform(81, new Shape(2, 3, 8, 8)), GradCheck.Uniform(82, new Shape(4, 3, 4, 4)));
        var v = GradCheck.Uniform(83, new Shape(2, 4, 4, 4));
        var left = u.Conv2d(w, null, 2, 1).Multiply(v).Sum().Item();
        var right = u.Multiply(v.ConvTranspose2d(w, null, 2, 1)).Sum().Item();
        Assert.That(right, Is.EqualTo(left).Within(1e-4 * Math.Abs(left) + 1e-5));
    }

    [Test]
    public void Conv2d_IncompatibleChannels_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(1, 2, 5, 5)).Conv2d(Tensor.Zeros(new Shape(3, 4, 3, 3))));
        Assert.That(ex!.Message, Does.Contain("Conv2d").And.Contain("[1, 2, 5, 5]").And.Contain("[3, 4, 3, 3]"));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(1, 2, 2, 2)).Conv2d(Tensor.Zeros(new Shape(3, 2, 3, 3))), "kernel larger than the input");
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(new Shape(1, 2, 5, 5)).Conv2d(Tensor.Zeros(new Shape(3, 2, 3, 3)), stride: 0));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(1, 2, 5, 5)).ConvTranspose2d(Tensor.Zeros(new Shape(3, 2, 3, 3))), "Cin is w's first axis");
    }

    [Test]
    public void Conv2d_InAWarmScope_AllocatesNothing()
    {
        var (x, w, b) = (GradCheck.Uniform(84, new Shape(4, 2, 12, 12)), GradCheck.Uniform(85, new Shape(8, 2, 4, 4)), GradCheck.Uniform(86, new Shape(8)));
        foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
        var wt = GradCheck.Uniform(87, new Shape(8, 3, 4, 4));
        wt.RequiresGrad = true;
        void Step()
        {
            using var scope = TensorScope.Begin();
            x.Conv2d(w, b, 2, 1).ConvTranspose2d(wt, null, 2, 1).Sum().Backward();
        }
        Step();
        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024), "a warm step reuses pooled tensors and scratch");
    }
}
