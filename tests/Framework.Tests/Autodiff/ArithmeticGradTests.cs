using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class ArithmeticGradTests
{
    private static IEnumerable<TestCaseData> BroadcastPairs()
    {
        yield return new TestCaseData(new[] { 3, 4 }, new[] { 3, 4 }).SetName("Same shape");
        yield return new TestCaseData(new[] { 3, 4 }, new[] { 4 }).SetName("Row vector");
        yield return new TestCaseData(new[] { 3, 4 }, new[] { 3, 1 }).SetName("Column vector");
        yield return new TestCaseData(new[] { 3, 4 }, Array.Empty<int>()).SetName("Scalar right");
        yield return new TestCaseData(Array.Empty<int>(), new[] { 2, 3 }).SetName("Scalar left");
        yield return new TestCaseData(new[] { 2, 1, 4 }, new[] { 3, 1 }).SetName("Both stretch");
        yield return new TestCaseData(new[] { 2, 3, 4 }, new[] { 3, 4 }).SetName("Trailing block right");
        yield return new TestCaseData(new[] { 3, 4 }, new[] { 2, 3, 4 }).SetName("Trailing block left");
        yield return new TestCaseData(new[] { 2, 3, 4 }, new[] { 1, 3, 4 }).SetName("Trailing block with a leading 1");
    }

    // The fast path for a [B, D] block repeated over [K, B, D] (a posterior's parameters against its K samples)
    // must give bitwise the general strided loop's values: each element is one rounding, and the reduction
    // of the gradient adds each target's terms in the same (outer index) order.
    [Test]
    public void TrailingBlock_Broadcasting_IsBitwiseTheElementwiseLoop()
    {
        var (k, b, d) = (3, 4, 5);
        var big = GradCheck.Uniform(21, new Shape(k, b, d));
        var block = GradCheck.Uniform(22, new Shape(b, d), 0.5f, 2f);
        foreach (var kind in Enum.GetValues<BinaryKind>())
        {
            var right = new float[k * b * d];
            var left = new float[k * b * d];
            Broadcasting.Binary(kind, big.Data, big.Shape, block.Data, block.Shape, right, big.Shape);
            Broadcasting.Binary(kind, block.Data, block.Shape, big.Data, big.Shape, left, big.Shape);
            for (var i = 0; i < right.Length; i++)
            {
                var (x, y) = (big.Data[i], block.Data[i % (b * d)]);
                var (expectedRight, expectedLeft) = kind switch
                {
                    BinaryKind.Add => (x + y, y + x),
                    BinaryKind.Subtract => (x - y, y - x),
                    BinaryKind.Multiply => (x * y, y * x),
                    _ => (x / y, y / x),
                };
                Assert.That(right[i], Is.EqualTo(expectedRight), $"{kind}, block on the right, element {i}");
                Assert.That(left[i], Is.EqualTo(expectedLeft), $"{kind}, block on the left, element {i}");
            }
        }
        var reduced = new float[b * d];
        Broadcasting.ReduceAdd(big.Data, big.Shape, reduced, block.Shape);
        for (var j = 0; j < b * d; j++)
        {
            var sum = 0f;
            for (var r = 0; r < k; r++) sum += big.Data[r * b * d + j];
            Assert.That(reduced[j], Is.EqualTo(sum), $"reduced element {j}");
        }
    }

    [TestCaseSource(nameof(BroadcastPairs))]
    public void Add_Broadcasting_MatchesFiniteDifferences(int[] sa, int[] sb) =>
        GradCheck.Check(x => x[0].Add(x[1]), [GradCheck.Uniform(1, new Shape(sa)), GradCheck.Uniform(2, new Shape(sb))]);

    [TestCaseSource(nameof(BroadcastPairs))]
    public void Multiply_Broadcasting_MatchesFiniteDifferences(int[] sa, int[] sb) =>
        GradCheck.Check(x => x[0].Multiply(x[1]), [GradCheck.Uniform(3, new Shape(sa)), GradCheck.Uniform(4, new Shape(sb))]);

    [Test]
    public void Add_IncompatibleShapes_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(3, 4)).Add(Tensor.Zeros(new Shape(5))));
        Assert.That(ex!.Message, Does.Contain("[3, 4]").And.Contain("[5]"));
    }

    [Test]
    public void MatMul_MatchesFiniteDifferences() =>
        GradCheck.Check(x => x[0].MatMul(x[1]), [GradCheck.Uniform(5, new Shape(3, 5)), GradCheck.Uniform(6, new Shape(5, 4))]);

    [Test]
    public void MatMul_Batched_MatchesFiniteDifferences() =>
        GradCheck.Check(x => x[0].MatMul(x[1]), [GradCheck.Uniform(7, new Shape(2, 3, 5)), GradCheck.Uniform(8, new Shape(2, 5, 4))]);

    [Test]
    public void MatMul_IncompatibleShapes_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(3, 4)).MatMul(Tensor.Zeros(new Shape(5, 2))));
        Assert.That(ex!.Message, Does.Contain("[3, 4]").And.Contain("[5, 2]"));
    }

    [Test]
    public void Backward_SharedInput_AccumulatesBothPaths()
    {
        var x = Tensor.FromArray([2f, 3f]);
        x.RequiresGrad = true;
        x.Multiply(x).Add(x).Sum().Backward(); // d/dx (x^2 + x) = 2x + 1
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 5f, 7f }));
        x.Multiply(x).Sum().Backward(); // accumulates 2x more
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 9f, 13f }));
    }

    [Test]
    public void NoGrad_RecordsNothing()
    {
        var x = Tensor.FromArray([1f]);
        x.RequiresGrad = true;
        using (NoGrad.Begin())
        {
            var y = x.Multiply(x);
            Assert.That(y.RequiresGrad, Is.False);
            Assert.That(y.GradFnName, Is.Null);
        }
        Assert.That(x.Multiply(x).GradFnName, Is.EqualTo("Multiply"));
    }

    [Test]
    public void Scope_ReleasesIntermediates_AndUseAfterReleaseThrows()
    {
        Tensor inner;
        using (TensorScope.Begin())
        {
            inner = Tensor.Ones(new Shape(4)).Add(Tensor.Ones(new Shape(4)));
            Assert.That(inner.ToArray(), Is.EqualTo(new[] { 2f, 2f, 2f, 2f }));
        }
        Assert.Throws<ObjectDisposedException>(() => _ = inner.Data);
    }

    [TestCaseSource(nameof(BroadcastPairs))]
    public void Subtract_Broadcasting_MatchesFiniteDifferences(int[] sa, int[] sb) =>
        GradCheck.Check(x => x[0].Subtract(x[1]), [GradCheck.Uniform(11, new Shape(sa)), GradCheck.Uniform(12, new Shape(sb))]);

    [TestCaseSource(nameof(BroadcastPairs))]
    public void Divide_Broadcasting_MatchesFiniteDifferences(int[] sa, int[] sb) =>
        GradCheck.Check(x => x[0].Divide(x[1]), [GradCheck.Uniform(13, new Shape(sa)), GradCheck.Uniform(14, new Shape(sb), 0.5f, 2f)]);

    [Test]
    public void SubtractAndDivide_Broadcasting_MatchDoubleFormula()
    {
        var a = GradCheck.Uniform(15, new Shape(2, 3));
        var b = GradCheck.Uniform(16, new Shape(3), 0.5f, 2f);
        var difference = new double[6];
        var quotient = new double[6];
        for (var i = 0; i < 6; i++)
        {
            difference[i] = (double)a.Data[i] - b.Data[i % 3];
            quotient[i] = (double)a.Data[i] / b.Data[i % 3];
        }
        GradCheck.AssertValues(a.Subtract(b), difference);
        GradCheck.AssertValues(a.Divide(b), quotient);
    }

    [Test]
    public void Subtract_IncompatibleShapes_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Subtract(Tensor.Zeros(new Shape(4, 1, 2))));
        Assert.That(ex!.Message, Does.Contain("Subtract").And.Contain("[2, 3]").And.Contain("[4, 1, 2]"));
    }

    [Test]
    public void Divide_IncompatibleShapes_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(3)).Divide(Tensor.Zeros(new Shape(2))));
        Assert.That(ex!.Message, Does.Contain("Divide").And.Contain("[3]").And.Contain("[2]"));
    }

    [Test]
    public void Negate_MatchesFormulaAndFiniteDifferences()
    {
        var x = GradCheck.Uniform(17, new Shape(3, 4));
        GradCheck.AssertElementwise(x.Negate(), x, v => -v);
        GradCheck.Check(t => t[0].Negate(), [x]);
    }

    [Test]
    public void AddScalar_MatchesFormulaAndFiniteDifferences()
    {
        var x = GradCheck.Uniform(18, new Shape(3, 4));
        GradCheck.AssertElementwise(x.AddScalar(2.5f), x, v => v + 2.5);
        GradCheck.Check(t => t[0].AddScalar(2.5f), [x]);
    }

    [Test]
    public void MulScalar_MatchesFormulaAndFiniteDifferences()
    {
        var x = GradCheck.Uniform(19, new Shape(3, 4));
        GradCheck.AssertElementwise(x.MulScalar(-1.5f), x, v => -1.5 * v);
        GradCheck.Check(t => t[0].MulScalar(-1.5f), [x]);
    }

    [TestCase(3f)]
    [TestCase(2.5f)]
    [TestCase(-0.5f)]
    public void Pow_PositiveBase_MatchesFormulaAndFiniteDifferences(float p)
    {
        var x = GradCheck.Uniform(20, new Shape(2, 5), 0.5f, 2f);
        GradCheck.AssertElementwise(x.Pow(p), x, v => Math.Pow(v, p));
        GradCheck.Check(t => t[0].Pow(p), [x]);
    }

    [Test]
    public void Operators_MapToTheirOps_MatchFiniteDifferences()
    {
        var a = GradCheck.Uniform(21, new Shape(2, 3));
        var b = GradCheck.Uniform(22, new Shape(3), 0.5f, 2f);
        GradCheck.Check(x => (x[0] + x[1]) * x[0] - x[1] / x[0].AddScalar(3f) + -x[0] * 2f - 1f + 0.5f * x[1] / 4f, [a, b]);
        var y = a + b;
        Assert.That(y.GradFnName, Is.EqualTo("Add"));
        Assert.That((a - 1f).ToArray(), Is.EqualTo(a.ToArray().Select(v => v - 1f).ToArray()));
        Assert.That((2f * a).GradFnName, Is.EqualTo("MulScalar"));
    }

    [Test]
    public void Backward_SecondLossThroughSharedIntermediate_CountsEachLossOnce()
    {
        var x = Tensor.FromArray([2f, 3f]);
        x.RequiresGrad = true;
        var h = x.Multiply(x);
        h.Sum().Backward(); // 2x
        h.MulScalar(3f).Sum().Backward(); // + 6x, not + (1 + 3) * 2x from a stale h.Grad
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 16f, 24f }));
    }
}
