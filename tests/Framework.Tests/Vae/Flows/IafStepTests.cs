using Research.Framework.Autodiff;
using Research.Framework.Nn;
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

    private static Tensor Normal(ulong seed, int rows, int cols, float std = 1f)
    {
        var t = Tensor.Empty(new Shape(rows, cols));
        new Rng(seed).Normal(t.Data, 0f, std);
        return t;
    }

    /// <summary>
    /// The update is the gated one of Kingma et al. 2016 (eq. 14 with the LSTM-style form of section
    /// 4 / appendix): with [m, s] the MADE outputs and σ = sigmoid(s), z' = σ ⊙ z + (1 - σ) ⊙ m and
    /// log|det J| = Σ log σ; checked in double against the step's own MADE outputs, with parameters
    /// perturbed so that the gates range widely (not the z ⊙ exp(s) + m form, nor σ and 1 - σ swapped).
    /// </summary>
    [Test]
    public void Forward_IsTheGatedUpdateOfItsMadeOutputs()
    {
        const int d = 4, rows = 6;
        var step = IafStep.Create(d, 3, [9, 9], new Rng(6));
        var noise = new Rng(7);
        foreach (var p in step.Parameters())
            for (var i = 0; i < p.Size; i++) p.Data[i] += noise.NextNormal();
        var (z, context) = (Normal(8, rows, d, 1.5f), Normal(9, rows, 3));
        var (zNew, logDet) = step.Forward(z, context);

        float[] m, s;
        using (NoGrad.Begin())
        {
            var h = step.Hidden[0].Forward(z).Add(step.Context!.Forward(context)).Apply(step.Activation);
            h = step.Hidden[1].Forward(h).Apply(step.Activation);
            (m, s) = (step.MeanHead.Forward(h).ToArray(), step.ScaleHead.Forward(h).ToArray());
        }
        var gates = s.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        Assert.That(gates.Min(), Is.LessThan(0.3), "some gates are mostly closed");
        Assert.That(gates.Max(), Is.GreaterThan(0.9), "some gates are mostly open");
        for (var r = 0; r < rows; r++)
        {
            var expectedLogDet = 0.0;
            for (var j = 0; j < d; j++)
            {
                var i = r * d + j;
                var expected = gates[i] * z.Data[i] + (1 - gates[i]) * m[i];
                Assert.That((double)zNew.Data[i], Is.EqualTo(expected).Within(1e-5 * (1 + Math.Abs(z.Data[i]) + Math.Abs(m[i]))), $"z'[{r}, {j}]");
                expectedLogDet += Math.Log(gates[i]);
            }
            Assert.That((double)logDet.Data[r], Is.EqualTo(expectedLogDet).Within(1e-5 * (1 + Math.Abs(expectedLogDet))), $"log|det J| of row {r}");
        }
    }

    /// <summary>
    /// The stable form: gates driven to sigmoid(±30) and sigmoid(±100) (σ ≈ 4e-44, a float32 denormal,
    /// where log(sigmoid(s)) computed naively would lose everything) still give z' = m where the gate is
    /// closed, z' = z where it is open, the exact log-det Σ log σ (log-sigmoid) and finite gradients.
    /// </summary>
    [Test]
    public void Forward_SaturatedGates_StaysFiniteWithTheExactLogDet()
    {
        const int d = 4, rows = 3;
        var step = IafStep.Create(d, 0, [8], new Rng(10));
        step.ScaleHead.Weight.Data.Clear();
        step.ScaleHead.Bias!.CopyFrom([-100f, -30f, 30f, 100f]);
        var z = Normal(11, rows, d, 2f);
        z.RequiresGrad = true;
        var (zNew, logDet) = step.Forward(z, null);
        float[] m;
        using (NoGrad.Begin()) m = step.MeanHead.Forward(step.Hidden[0].Forward(z).Apply(step.Activation)).ToArray();
        var expectedLogDet = -100 - (30 + Math.Log(1 + Math.Exp(-30))) - Math.Log(1 + Math.Exp(-30)) - Math.Log(1 + Math.Exp(-100));
        for (var r = 0; r < rows; r++)
        {
            Assert.That((double)logDet.Data[r], Is.EqualTo(expectedLogDet).Within(1e-4), $"row {r}");
            for (var j = 0; j < d; j++)
            {
                var i = r * d + j;
                var expected = j < 2 ? m[i] : z.Data[i];
                Assert.That(zNew.Data[i], Is.EqualTo(expected).Within(1e-5 * (1 + Math.Abs(expected))), $"z'[{r}, {j}]");
            }
        }
        zNew.Sum().Add(logDet.Sum()).Backward();
        foreach (var (name, p) in step.NamedParameters())
            Assert.That(p.Grad!.ToArray().All(float.IsFinite), Is.True, name);
        Assert.That(z.Grad!.ToArray().All(float.IsFinite), Is.True);
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
