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
}
