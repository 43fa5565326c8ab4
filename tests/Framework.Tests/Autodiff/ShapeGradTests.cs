using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class ShapeGradTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(-1)]
    public void Concat_TwoInputs_MatchesLayoutAndFiniteDifferences(int axis)
    {
        var a = GradCheck.Uniform(71, new Shape(2, 3, 4));
        var bShape = new Shape(2, 3, 4).With(axis, 2);
        var b = GradCheck.Uniform(72, bShape);
        var y = a.Concat(b, axis);
        var ax = axis < 0 ? axis + 3 : axis;
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 4).With(ax, a.Shape[ax] + 2)));
        // Slicing the result back gives the inputs.
        Assert.That(y.Slice(axis, 0, a.Shape[ax]).ToArray(), Is.EqualTo(a.ToArray()));
        Assert.That(y.Slice(axis, a.Shape[ax], 2).ToArray(), Is.EqualTo(b.ToArray()));
        GradCheck.Check(t => t[0].Concat(t[1], axis), [a, b]);
    }

    [Test]
    public void Concat_ThreeInputs_MatchesLayoutAndFiniteDifferences()
    {
        var (a, b, c) = (GradCheck.Uniform(73, new Shape(2, 1)), GradCheck.Uniform(74, new Shape(2, 3)), GradCheck.Uniform(75, new Shape(2, 2)));
        var y = a.Concat(b, c, 1);
        Assert.That(y.ToArray(), Is.EqualTo(new[]
        {
            a.Data[0], b.Data[0], b.Data[1], b.Data[2], c.Data[0], c.Data[1],
            a.Data[1], b.Data[3], b.Data[4], b.Data[5], c.Data[2], c.Data[3],
        }));
        GradCheck.Check(t => t[0].Concat(t[1], t[2], 1), [a, b, c]);
    }

    [Test]
    public void Concat_OnlyOneInputRequiresGrad_GradientGoesToIt()
    {
        var (a, b) = (Tensor.Ones(new Shape(2, 2)), GradCheck.Uniform(76, new Shape(2, 3)));
        b.RequiresGrad = true;
        a.Concat(b, 1).Sum().Backward();
        Assert.That(a.Grad, Is.Null);
        Assert.That(b.Grad!.ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void Concat_MismatchedShapes_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Concat(Tensor.Zeros(new Shape(4, 5)), 1));
        Assert.That(ex!.Message, Does.Contain("Concat").And.Contain("[2, 3]").And.Contain("[4, 5]"));
    }

    [TestCase(0, 1, 2)]
    [TestCase(1, 1, 1)]
    [TestCase(-1, 0, 3)]
    public void Slice_MatchesLayoutAndFiniteDifferences(int axis, int start, int length)
    {
        var x = GradCheck.Uniform(77, new Shape(3, 4, 5));
        var y = x.Slice(axis, start, length);
        var ax = axis < 0 ? axis + 3 : axis;
        Assert.That(y.Shape, Is.EqualTo(x.Shape.With(ax, length)));
        var index = 0;
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 4; j++)
        for (var k = 0; k < 5; k++)
        {
            var position = ax switch { 0 => i, 1 => j, _ => k };
            if (position >= start && position < start + length)
                Assert.That(y.Data[index++], Is.EqualTo(x.Data[(i * 4 + j) * 5 + k]));
        }
        GradCheck.Check(t => t[0].Slice(axis, start, length), [x]);
    }

    [Test]
    public void Slice_OutOfRange_NamesShape()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(new Shape(2, 3)).Slice(1, 2, 2));
        Assert.That(ex!.Message, Does.Contain("Slice").And.Contain("[2, 3]"));
    }

    [Test]
    public void Reshape_IsAViewAndMatchesFiniteDifferences()
    {
        var x = GradCheck.Uniform(78, new Shape(2, 6));
        var y = x.Reshape(new Shape(3, 4));
        Assert.That(y.ToArray(), Is.EqualTo(x.ToArray()));
        x.Data[5] = 42f;
        Assert.That(y.Data[5], Is.EqualTo(42f), "a reshape shares storage");
        GradCheck.Check(t => t[0].Reshape(new Shape(4, 3)).Multiply(t[0].Reshape(new Shape(4, 3))), [x]);
    }

    [Test]
    public void Reshape_InferredDimension_FillsIn()
    {
        var x = Tensor.Zeros(new Shape(2, 3, 4));
        Assert.That(x.Reshape(-1, 4).Shape, Is.EqualTo(new Shape(6, 4)));
        Assert.That(x.Reshape(2, -1).Shape, Is.EqualTo(new Shape(2, 12)));
    }

    [Test]
    public void Reshape_WrongSize_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Reshape(new Shape(4, 2)));
        Assert.That(ex!.Message, Does.Contain("Reshape").And.Contain("[2, 3]").And.Contain("[4, 2]"));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Reshape(-1, 4));
    }

    [Test]
    public void Reshape_PersistentTensorInsideScope_ViewIsReleasedWithScope()
    {
        var x = Tensor.Ones(new Shape(2, 3));
        Tensor view;
        using (var scope = TensorScope.Begin())
        {
            view = x.Reshape(new Shape(3, 2));
            Assert.That(scope.Count, Is.EqualTo(1), "the view belongs to the open scope");
        }
        Assert.Throws<ObjectDisposedException>(() => _ = view.Data);
        Assert.That(x.ToArray(), Is.All.EqualTo(1f), "the persistent source keeps its storage");
    }

    private static IEnumerable<TestCaseData> Expansions()
    {
        yield return new TestCaseData(new[] { 4 }, new[] { 3, 4 }).SetArgDisplayNames("[4] to [3, 4]");
        yield return new TestCaseData(new[] { 3, 1 }, new[] { 3, 4 }).SetArgDisplayNames("[3, 1] to [3, 4]");
        yield return new TestCaseData(new[] { 3, 1 }, new[] { 2, 3, 4 }).SetArgDisplayNames("[3, 1] to [2, 3, 4]");
        yield return new TestCaseData(Array.Empty<int>(), new[] { 2, 2 }).SetArgDisplayNames("[] to [2, 2]");
        yield return new TestCaseData(new[] { 2, 3 }, new[] { 2, 3 }).SetArgDisplayNames("same");
    }

    [TestCaseSource(nameof(Expansions))]
    public void Expand_MatchesBroadcastAndFiniteDifferences(int[] from, int[] to)
    {
        var x = GradCheck.Uniform(79, new Shape(from));
        var y = x.Expand(new Shape(to));
        Assert.That(y.Shape, Is.EqualTo(new Shape(to)));
        // Expanding then adding zeros equals broadcasting x against zeros of the target shape.
        Assert.That(y.ToArray(), Is.EqualTo(x.Add(Tensor.Zeros(new Shape(to))).ToArray()));
        GradCheck.Check(t => t[0].Expand(new Shape(to)), [x]);
    }

    [Test]
    public void Expand_Incompatible_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Expand(new Shape(3)));
        Assert.That(ex!.Message, Does.Contain("[2, 3]").And.Contain("[3]"));
    }

    [Test]
    public void GatherRows_RepeatedIndices_MatchesRowsAndScatterAdds()
    {
        var x = GradCheck.Uniform(80, new Shape(5, 3));
        int[] indices = [4, 0, 4, 2];
        var y = x.GatherRows(indices);
        Assert.That(y.Shape, Is.EqualTo(new Shape(4, 3)));
        for (var r = 0; r < indices.Length; r++)
            Assert.That(y.Row(r).ToArray(), Is.EqualTo(x.Row(indices[r]).ToArray()));
        GradCheck.Check(t => t[0].GatherRows(indices), [x]);

        var z = GradCheck.Uniform(81, new Shape(5, 3));
        z.RequiresGrad = true;
        z.GatherRows(indices).Sum().Backward();
        Assert.That(z.Grad!.ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f, 0f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 0f, 2f, 2f, 2f }));
    }

    [Test]
    public void GatherRows_Rank3_GathersAlongFirstAxis() =>
        GradCheck.Check(t => t[0].GatherRows([1, 1, 0]), [GradCheck.Uniform(82, new Shape(2, 2, 3))]);

    [Test]
    public void GatherRows_IndexOutOfRange_NamesShape()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(new Shape(3, 2)).GatherRows([0, 3]));
        Assert.That(ex!.Message, Does.Contain("GatherRows").And.Contain("[3, 2]"));
    }
}
