using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class IafStepTests
{
    [Test]
    public void Masks_ConnectEachOutputOnlyToInputsOfLowerDegree()
    {
        var step = IafStep.Create(4, 0, [5, 7], new Rng(1), reverseOrder: true);
        // Paths input → output through the masked layers: (M1 M2 Mout)[j, i] counts them.
        var masks = step.Hidden.Select(l => l.Mask).Append(step.MeanHead.Mask).ToList();
        var paths = ToMatrix(masks[0]);
        foreach (var m in masks.Skip(1)) paths = Multiply(paths, ToMatrix(m));
        var degrees = step.Degrees;
        for (var j = 0; j < 4; j++)
        for (var i = 0; i < 4; i++)
            Assert.That(paths[j, i] > 0, Is.EqualTo(degrees[j] < degrees[i]), $"input {j} (degree {degrees[j]}) → output {i} (degree {degrees[i]})");
    }

    [Test]
    public void Forward_OneDimensionalLatent_DependsOnlyOnTheContext()
    {
        var step = IafStep.Create(1, 3, [8], new Rng(2));
        var context = Tensor.Empty(new Shape(2, 3));
        new Rng(3).Normal(context.Data);
        var z = Tensor.FromArray([0.5f, -1.5f], new Shape(2, 1));
        var (zNew, logDet) = step.Forward(z, context);
        var jacobian = FlowNumerics.Jacobian(step, [0.5f], FlowNumerics.RowOf(context, 0));
        Assert.That(Math.Log(jacobian[0, 0]), Is.EqualTo(logDet.Data[0]).Within(1e-3));
        Assert.That(zNew.ToArray().All(float.IsFinite), Is.True);
    }

    [Test]
    public void Forward_WithoutTheContextItWasBuiltFor_Throws()
    {
        var step = IafStep.Create(2, 3, [8], new Rng(4));
        Assert.Throws<ArgumentException>(() => step.Forward(Tensor.Zeros(new Shape(1, 2)), null));
    }

    [Test]
    public void FreshStep_HasGateNearOne()
    {
        var step = IafStep.Create(3, 0, [8], new Rng(5));
        Assert.That(step.ScaleHead.Bias!.ToArray(), Is.All.EqualTo(IafStep.InitialScaleBias));
    }

    private static double[,] ToMatrix(Tensor t)
    {
        var (rows, cols) = (t.Shape[0], t.Shape[1]);
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++) m[i, j] = t.Data[i * cols + j];
        return m;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var (n, k, m) = (a.GetLength(0), a.GetLength(1), b.GetLength(1));
        var c = new double[n, m];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < m; j++)
        for (var l = 0; l < k; l++) c[i, j] += a[i, l] * b[l, j];
        return c;
    }
}
