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

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>
    /// For one row with planar parameters (u, w, b) and its outputs: wᵀû = m(wᵀu) = -1 + softplus(wᵀu)
    /// (appendix A.1) and log|det J| = log(h² + (1 - h²) softplus(wᵀu)) (= log(1 + ûᵀψ), eq. 12), both
    /// in double. Rows within 1e-2 of the hyperplane wᵀz + b = 0 (where float rounding of h² dominates a
    /// near-singular factor) are held only to the constraint's lower bound, log|det J| ≥ log min(1, softplus(wᵀu)).
    /// </summary>
    internal static void AssertRowAtTheConstraint(float[] z, float[] u, float[] w, float b, float[] uHat, float[] zNew, float logDet, string what)
    {
        var wu = Dot(w, u);
        var m = -1 + Softplus(wu);
        // float32 rounding of û = u + c w / ‖w‖² and of the dot: ~1e-7 (‖w‖ ‖u‖ + |c|); allowed 100 times that.
        var rounding = 1e-5 * (1 + Math.Sqrt(Dot(w, w) * Dot(u, u)) + Math.Abs(m - wu));
        Assert.That(Dot(w, uHat), Is.EqualTo(m).Within(rounding), $"{what}: wᵀû = m(wᵀu)");
        var a = Dot(w, z) + b;
        var h = Math.Tanh(a);
        for (var j = 0; j < z.Length; j++)
            Assert.That((double)zNew[j], Is.EqualTo(z[j] + uHat[j] * h).Within(1e-4 * (1 + Math.Abs(uHat[j]))), $"{what}: z'[{j}] (eq. 10)");
        Assert.That(float.IsFinite(logDet), Is.True, $"{what}: log-det {logDet}");
        var sp = Softplus(wu);
        if (Math.Abs(a) > 1e-2)
        {
            var expected = Math.Log(h * h + (1 - h * h) * sp);
            Assert.That((double)logDet, Is.EqualTo(expected).Within(1e-4 + 1e-4 * Math.Abs(expected)), $"{what}: log|det J|");
        }
        Assert.That((double)logDet, Is.GreaterThanOrEqualTo(Math.Log(Math.Min(1.0, sp)) - 1e-3), $"{what}: 1 + ûᵀψ ≥ min(1, softplus(wᵀu)) > 0");
    }

    /// <summary>
    /// "Arbitrary parameter updates": u, w, b are overwritten with N(0, scale²) draws, and with
    /// <paramref name="opposition"/> &gt; 0 u is also turned against w so that wᵀu = -opposition
    /// (far below the -1 that the unconstrained flow needs). Every row, including rows put on the
    /// hyperplane wᵀz + b = 0 where the unconstrained factor 1 + wᵀu h' is most negative, keeps a
    /// positive factor and the closed-form log-det. opposition stays below ~80 so that the smallest
    /// possible factor, softplus(-opposition), is a normal float32.
    /// </summary>
    [TestCase(0.3, 0.0, 11UL)]
    [TestCase(1.0, 0.0, 12UL)]
    [TestCase(3.0, 0.0, 13UL)]
    [TestCase(1.0, 5.0, 14UL)]
    [TestCase(3.0, 40.0, 15UL)]
    [TestCase(0.1, 70.0, 16UL)]
    public void Forward_ArbitraryParameters_KeepsTheConstraintOnEveryRow(double scale, double opposition, ulong seed)
    {
        const int d = 4, rows = 64;
        var flow = PlanarFlow.Create(d, new Rng(seed));
        var rng = new Rng(seed + 100);
        foreach (var p in new[] { flow.U, flow.W, flow.B }) rng.Normal(p.Data, 0f, (float)scale);
        var w = flow.W.ToArray();
        var wNorm2 = Dot(w, w);
        if (opposition > 0)
        {
            var shift = (opposition + Dot(w, flow.U.ToArray())) / wNorm2; // u -= shift w gives wᵀu = -opposition
            for (var j = 0; j < d; j++) flow.U.Data[j] -= (float)(shift * w[j]);
            Assert.That(Dot(w, flow.U.ToArray()), Is.EqualTo(-opposition).Within(1e-3 * opposition));
        }
        var z = Rows(seed + 200, rows, d, std: 2f);
        for (var r = 0; r < 8; r++)
        {
            var row = z.Row(r);
            var offset = (Dot(w, row.ToArray()) + flow.B.Data[0]) / wNorm2;
            for (var j = 0; j < d; j++) row[j] -= (float)(offset * w[j]);
        }
        var (zNew, logDet) = flow.Forward(z, null);
        var uHat = flow.ConstrainedU().ToArray();
        for (var r = 0; r < rows; r++)
            AssertRowAtTheConstraint(FlowNumerics.RowOf(z, r), flow.U.ToArray(), w, flow.B.Data[0], uHat, FlowNumerics.RowOf(zNew, r), logDet.Data[r], $"row {r}");
    }
}
