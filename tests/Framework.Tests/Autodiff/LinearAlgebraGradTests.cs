using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class LinearAlgebraGradTests
{
    /// <summary>y[r, j] = Σ_i x[r, i] w[i, j] (+ b[j]) in double.</summary>
    private static double[] Affine(Tensor x, Tensor w, Tensor? b, Tensor? mask = null)
    {
        var (fanIn, fanOut) = (w.Shape[0], w.Shape[1]);
        var rows = x.Size / fanIn;
        var y = new double[rows * fanOut];
        for (var r = 0; r < rows; r++)
        for (var j = 0; j < fanOut; j++)
        {
            double s = b?.Data[j] ?? 0f;
            for (var i = 0; i < fanIn; i++)
                s += (double)x.Data[r * fanIn + i] * w.Data[i * fanOut + j] * (mask?.Data[i * fanOut + j] ?? 1f);
            y[r * fanOut + j] = s;
        }
        return y;
    }

    [Test]
    public void Linear_WithBias_MatchesFormulaAndFiniteDifferences()
    {
        var (x, w, b) = (GradCheck.Uniform(51, new Shape(5, 4)), GradCheck.Uniform(52, new Shape(4, 3)), GradCheck.Uniform(53, new Shape(3)));
        var y = x.Linear(w, b);
        Assert.That(y.Shape, Is.EqualTo(new Shape(5, 3)));
        GradCheck.AssertValues(y, Affine(x, w, b));
        GradCheck.Check(t => t[0].Linear(t[1], t[2]), [x, w, b]);
    }

    [Test]
    public void Linear_InputUsedTwice_MatchesFiniteDifferences()
    {
        // dx of the first Linear to run overwrites a new buffer; the second adds to it.
        var (x, w, b) = (GradCheck.Uniform(54, new Shape(5, 4)), GradCheck.Uniform(55, new Shape(4, 3)), GradCheck.Uniform(56, new Shape(3)));
        GradCheck.Check(t => t[0].Linear(t[1], t[2]).Add(t[0].Linear(t[1]).Square()), [x, w, b]);
    }

    [Test]
    public void Linear_WithoutBias_MatchesFormulaAndFiniteDifferences()
    {
        var (x, w) = (GradCheck.Uniform(54, new Shape(5, 4)), GradCheck.Uniform(55, new Shape(4, 3)));
        GradCheck.AssertValues(x.Linear(w), Affine(x, w, null));
        GradCheck.Check(t => t[0].Linear(t[1]), [x, w]);
    }

    [Test]
    public void Linear_BatchedInput_TreatsLeadingDimensionsAsRows()
    {
        var (x, w, b) = (GradCheck.Uniform(56, new Shape(2, 3, 4)), GradCheck.Uniform(57, new Shape(4, 5)), GradCheck.Uniform(58, new Shape(5)));
        var y = x.Linear(w, b);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 5)));
        GradCheck.AssertValues(y, Affine(x, w, b));
        GradCheck.Check(t => t[0].Linear(t[1], t[2]), [x, w, b]);
    }

    [Test]
    public void Linear_IncompatibleWeight_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(5, 4)).Linear(Tensor.Zeros(new Shape(3, 2))));
        Assert.That(ex!.Message, Does.Contain("Linear").And.Contain("[5, 4]").And.Contain("[3, 2]"));
    }

    [Test]
    public void Linear_WrongBias_NamesBiasAndWeightShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(5, 4)).Linear(Tensor.Zeros(new Shape(4, 2)), Tensor.Zeros(new Shape(3))));
        Assert.That(ex!.Message, Does.Contain("[3]").And.Contain("[4, 2]"));
    }

    private static Tensor Mask(ulong seed, Shape shape)
    {
        var m = GradCheck.Uniform(seed, shape, 0f, 1f);
        for (var i = 0; i < m.Size; i++) m.Data[i] = m.Data[i] < 0.5f ? 0f : 1f;
        return m;
    }

    [Test]
    public void MaskedMatMul_MatchesFormulaAndFiniteDifferences()
    {
        var (x, w, mask) = (GradCheck.Uniform(61, new Shape(5, 6)), GradCheck.Uniform(62, new Shape(6, 4)), Mask(63, new Shape(6, 4)));
        GradCheck.AssertValues(x.MaskedMatMul(w, mask), Affine(x, w, null, mask));
        GradCheck.Check(t => t[0].MaskedMatMul(t[1], mask), [x, w]);
    }

    [Test]
    public void MaskedMatMul_WeightGradient_IsZeroWhereMasked()
    {
        var (x, w, mask) = (GradCheck.Uniform(64, new Shape(5, 6)), GradCheck.Uniform(65, new Shape(6, 4)), Mask(66, new Shape(6, 4)));
        w.RequiresGrad = true;
        x.MaskedMatMul(w, mask).Square().Sum().Backward();
        var g = w.Grad!.ToArray();
        Assert.That(mask.ToArray().Count(m => m == 0f), Is.GreaterThan(0));
        for (var i = 0; i < g.Length; i++)
            if (mask.Data[i] == 0f) Assert.That(g[i], Is.EqualTo(0f), $"w[{i}] is masked");
            else Assert.That(g[i], Is.Not.EqualTo(0f), $"w[{i}] is not masked");
    }

    [Test]
    public void MaskedMatMul_MaskShapeMismatch_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).MaskedMatMul(Tensor.Zeros(new Shape(3, 4)), Tensor.Zeros(new Shape(4, 3))));
        Assert.That(ex!.Message, Does.Contain("MaskedMatMul").And.Contain("[4, 3]").And.Contain("[3, 4]"));
    }

    [Test]
    public void Transpose_MatchesFormulaAndFiniteDifferences()
    {
        var x = GradCheck.Uniform(67, new Shape(3, 40));
        var y = x.Transpose();
        Assert.That(y.Shape, Is.EqualTo(new Shape(40, 3)));
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 40; j++)
            Assert.That(y.Data[j * 3 + i], Is.EqualTo(x.Data[i * 40 + j]));
        GradCheck.Check(t => t[0].Transpose(), [x]);
    }

    [Test]
    public void Transpose_NotAMatrix_NamesShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3, 4)).Transpose());
        Assert.That(ex!.Message, Does.Contain("[2, 3, 4]"));
    }
}
