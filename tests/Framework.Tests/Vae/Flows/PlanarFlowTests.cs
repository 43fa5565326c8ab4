using Research.Framework.Autodiff;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class PlanarFlowTests
{
    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    /// <summary>Asserts wᵀû ≥ -1 and that every row's Jacobian has a positive determinant matching the log-det.</summary>
    private static void AssertInvertible(PlanarFlow flow, Tensor z)
    {
        var w = flow.W.ToArray();
        var wuHat = Dot(w, flow.ConstrainedU().ToArray());
        Assert.That(wuHat, Is.GreaterThan(-1.0), "wᵀû");
        var (_, logDet) = flow.Forward(z, null);
        for (var r = 0; r < z.Rows; r++)
        {
            // 1 + ûᵀψ in double from the definition (eq. 11-12): ψ = h'(wᵀz + b) w.
            var a = Dot(w, FlowNumerics.RowOf(z, r)) + flow.B.Data[0];
            var factor = 1.0 + (1.0 - Math.Tanh(a) * Math.Tanh(a)) * wuHat;
            Assert.That(factor, Is.GreaterThan(0.0), $"row {r}: 1 + ûᵀψ");
            Assert.That(float.IsFinite(logDet.Data[r]), Is.True, $"row {r}: log-det {logDet.Data[r]}");
            Assert.That((double)logDet.Data[r], Is.EqualTo(Math.Log(factor)).Within(1e-4 + 1e-4 * Math.Abs(Math.Log(factor))), $"row {r}");
        }
    }

    private static Tensor Rows(ulong seed, int n, int d, float std = 1f)
    {
        var z = Tensor.Empty(new Shape(n, d));
        new Rng(seed).Normal(z.Data, 0f, std);
        return z;
    }

    [Test]
    public void ConstrainedU_WithUOpposingW_KeepsWTransposeUHatAboveMinusOne()
    {
        var flow = PlanarFlow.Create(3, new Rng(1));
        var w = flow.W.ToArray();
        flow.U.CopyFrom(w.Select(x => -10f * x).ToArray()); // wᵀu = -10 ‖w‖², far below -1
        Assert.That(Dot(w, flow.U.ToArray()), Is.LessThan(-1.0));
        var z = Rows(2, 64, 3, std: 2f);
        // Put some rows on the hyperplane wᵀz + b = 0, where h' = 1 and the unconstrained factor would be most negative.
        var wNorm2 = Dot(w, w);
        for (var r = 0; r < 8; r++)
        {
            var row = z.Row(r);
            var shift = (Dot(w, row.ToArray()) + flow.B.Data[0]) / wNorm2;
            for (var j = 0; j < 3; j++) row[j] -= (float)(shift * w[j]);
        }
        AssertInvertible(flow, z);
    }

    [Test]
    public void Constraint_HoldsAfterOptimizerStepsThatDriveWTransposeUNegative()
    {
        var flow = PlanarFlow.Create(4, new Rng(3));
        var sgd = new Sgd(flow.Parameters(), lr: 0.2f);
        for (var step = 0; step < 30; step++)
        {
            sgd.ZeroGrad();
            flow.W.Multiply(flow.U).Sum().Backward(); // minimizing wᵀu pushes it towards -∞
            sgd.Step();
        }
        Assert.That(Dot(flow.W.ToArray(), flow.U.ToArray()), Is.LessThan(-100.0));
        AssertInvertible(flow, Rows(4, 64, 4, std: 3f));
    }

    [Test]
    public void Forward_MatchesEquation10_InDouble()
    {
        var flow = PlanarFlow.Create(3, new Rng(5));
        flow.B.Data[0] = 0.3f;
        var z = Rows(6, 4, 3);
        var (zNew, _) = flow.Forward(z, null);
        var (w, uHat) = (flow.W.ToArray(), flow.ConstrainedU().ToArray());
        for (var r = 0; r < 4; r++)
        {
            var h = Math.Tanh(Dot(w, FlowNumerics.RowOf(z, r)) + 0.3);
            for (var j = 0; j < 3; j++)
                Assert.That((double)zNew.Row(r)[j], Is.EqualTo(z.Row(r)[j] + uHat[j] * h).Within(1e-5));
        }
    }

    [Test]
    public void ConstrainedU_WhenWTransposeUIsLarge_IsCloseToU()
    {
        // m(a) - a = softplus(-a) - 1 ≈ -1 for a ≫ 0, so û ≈ u - w / ‖w‖² and wᵀû = m(a) ≈ a - 1.
        var flow = PlanarFlow.Create(2, new Rng(7));
        flow.W.CopyFrom([1f, 0f]);
        flow.U.CopyFrom([20f, 1f]);
        Assert.That(flow.ConstrainedU().ToArray(), Is.EqualTo(new[] { 19f, 1f }).Within(1e-5));
    }
}
