using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class ReductionGradTests
{
    private static readonly Shape Cube = new(2, 3, 4);

    /// <summary>Reference reduction of x [2, 3, 4] over one axis in double: f(values along the axis).</summary>
    private static double[] Reduce(Tensor x, int axis, Func<double[], double> f)
    {
        var (d0, d1, d2) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var n = x.Shape[axis];
        var result = new List<double>();
        for (var i = 0; i < (axis == 0 ? 1 : d0); i++)
        for (var j = 0; j < (axis == 1 ? 1 : d1); j++)
        for (var k = 0; k < (axis == 2 ? 1 : d2); k++)
        {
            var values = new double[n];
            for (var t = 0; t < n; t++)
            {
                var (a, b, c) = axis switch { 0 => (t, j, k), 1 => (i, t, k), _ => (i, j, t) };
                values[t] = x.Data[(a * d1 + b) * d2 + c];
            }
            result.Add(f(values));
        }
        return result.ToArray();
    }

    private static double LogSumExp(double[] v)
    {
        var m = v.Max();
        return double.IsInfinity(m) ? m : m + Math.Log(v.Sum(e => Math.Exp(e - m)));
    }

    private static IEnumerable<TestCaseData> Axes()
    {
        foreach (var axis in new[] { 0, 1, 2, -1 })
        foreach (var keepDim in new[] { false, true })
            yield return new TestCaseData(axis, keepDim);
    }

    private static Shape Expected(int axis, bool keepDim)
    {
        var a = axis < 0 ? axis + 3 : axis;
        return keepDim ? Cube.With(a, 1) : a switch { 0 => new Shape(3, 4), 1 => new Shape(2, 4), _ => new Shape(2, 3) };
    }

    [TestCaseSource(nameof(Axes))]
    public void SumAxis_Forward_MatchesDoubleSums(int axis, bool keepDim)
    {
        var x = GradCheck.Uniform(41, Cube);
        var y = x.Sum(axis, keepDim);
        Assert.That(y.Shape, Is.EqualTo(Expected(axis, keepDim)));
        GradCheck.AssertValues(y, Reduce(x, axis < 0 ? axis + 3 : axis, v => v.Sum()));
    }

    [TestCaseSource(nameof(Axes))]
    public void SumAxis_Backward_MatchesFiniteDifferences(int axis, bool keepDim) =>
        GradCheck.Check(x => x[0].Sum(axis, keepDim), [GradCheck.Uniform(42, Cube)]);

    [TestCaseSource(nameof(Axes))]
    public void MeanAxis_Forward_MatchesDoubleMeans(int axis, bool keepDim)
    {
        var x = GradCheck.Uniform(43, Cube);
        var y = x.Mean(axis, keepDim);
        Assert.That(y.Shape, Is.EqualTo(Expected(axis, keepDim)));
        GradCheck.AssertValues(y, Reduce(x, axis < 0 ? axis + 3 : axis, v => v.Average()));
    }

    [TestCaseSource(nameof(Axes))]
    public void MeanAxis_Backward_MatchesFiniteDifferences(int axis, bool keepDim) =>
        GradCheck.Check(x => x[0].Mean(axis, keepDim), [GradCheck.Uniform(44, Cube)]);

    [Test]
    public void Sum_All_MatchesFiniteDifferences() =>
        GradCheck.Check(x => x[0].Sum(), [GradCheck.Uniform(45, Cube)]);

    [Test]
    public void Mean_All_MatchesMeanAndFiniteDifferences()
    {
        var x = GradCheck.Uniform(46, Cube);
        GradCheck.AssertValues(x.Mean(), [x.ToArray().Average(v => (double)v)]);
        GradCheck.Check(t => t[0].Mean(), [x]);
    }

    [Test]
    public void SumAxis_AxisOutOfRange_NamesShape()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(new Shape(2, 3)).Sum(2));
        Assert.That(ex!.Message, Does.Contain("[2, 3]"));
    }

    [TestCaseSource(nameof(Axes))]
    public void LogSumExp_Forward_MatchesDoubleFormula(int axis, bool keepDim)
    {
        var x = GradCheck.Uniform(47, Cube, -3f, 3f);
        var y = x.LogSumExp(axis, keepDim);
        Assert.That(y.Shape, Is.EqualTo(Expected(axis, keepDim)));
        GradCheck.AssertValues(y, Reduce(x, axis < 0 ? axis + 3 : axis, LogSumExp));
    }

    [TestCaseSource(nameof(Axes))]
    public void LogSumExp_Backward_MatchesFiniteDifferences(int axis, bool keepDim) =>
        GradCheck.Check(x => x[0].LogSumExp(axis, keepDim), [GradCheck.Uniform(48, Cube, -3f, 3f)]);

    [Test]
    public void LogSumExp_LongRows_MatchesFiniteDifferences() =>
        GradCheck.Check(x => x[0].LogSumExp(1), [GradCheck.Uniform(49, new Shape(3, 37), -3f, 3f)]);

    [Test]
    public void LogSumExp_LargeValues_DoesNotOverflow()
    {
        var x = Tensor.FromArray([1000f, 1000f, -1000f, -1000f], new Shape(2, 2));
        GradCheck.AssertValues(x.LogSumExp(1), [1000 + Math.Log(2), -1000 + Math.Log(2)]);
    }

    [TestCase(1)]
    [TestCase(0)]
    public void LogSumExp_NegativeInfinityEntries_FiniteResultAndZeroGradient(int axis)
    {
        var inf = float.NegativeInfinity;
        // Along axis 1: row 0 mixes -inf with finite values, row 1 is all -inf.
        float[] rows = [0f, inf, 1f, inf, inf, inf, inf, inf];
        var x = axis == 1 ? Tensor.FromArray(rows, new Shape(2, 4)) : Tensor.FromArray(Transpose(rows, 2, 4), new Shape(4, 2));
        x.RequiresGrad = true;
        var y = x.LogSumExp(axis);
        Assert.That((double)y.Data[0], Is.EqualTo(Math.Log(1 + Math.E)).Within(1e-6));
        Assert.That(y.Data[1], Is.EqualTo(float.NegativeInfinity));

        // Weight the all -inf slice by zero so the loss stays finite; its gradient must still be 0, not NaN.
        var weights = Tensor.FromArray([1f, 0f]);
        y.Multiply(weights).Sum().Backward();
        var g = axis == 1 ? x.Grad!.ToArray() : Transpose(x.Grad!.ToArray(), 4, 2);
        var e = 1 / (1 + Math.E);
        Assert.That(g.Select(v => (double)v).ToArray(), Is.EqualTo(new[] { e, 0, Math.E * e, 0, 0, 0, 0, 0 }).Within(1e-6));
    }

    [Test]
    public void LogSumExp_AllNegativeInfinityRow_NoNaNGradientEvenWithUpstreamGradient()
    {
        var inf = float.NegativeInfinity;
        var x = Tensor.FromArray([inf, inf, inf], new Shape(1, 3));
        x.RequiresGrad = true;
        var y = x.LogSumExp(1, keepDim: true);
        Assert.That(y.Shape, Is.EqualTo(new Shape(1, 1)));
        Assert.That(y.Item(), Is.EqualTo(float.NegativeInfinity));
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f }));
    }

    /// <summary>The transpose of a row-major [rows, cols] matrix.</summary>
    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < cols; c++)
            t[c * rows + r] = m[r * cols + c];
        return t;
    }
}
