using Research.Framework.Autodiff;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Vae.Flows;

/// <summary>Finite-difference Jacobians of a flow and log|det| by LU, in double.</summary>
internal static class FlowNumerics
{
    /// <summary>
    /// The Jacobian [i, j] = ∂z'_i/∂z_j of one row by central differences of step
    /// <paramref name="eps"/> (the flow runs in float32; differences are taken in double). When given,
    /// <paramref name="roundingError"/>[i, j] receives a bound on the entry's error from float32 outputs:
    /// <see cref="OutputUlps"/> ulps of each of the two outputs over the step (what dominates when an output
    /// is large and its derivative small; zero for an output that comes out bitwise equal on both sides).
    /// </summary>
    public static double[,] Jacobian(IFlowTransform flow, float[] z, float[]? context, float eps = 2e-3f, double[,]? roundingError = null)
    {
        var d = z.Length;
        var jacobian = new double[d, d];
        using var noGrad = NoGrad.Begin();
        var ctx = context is null ? null : Tensor.FromArray(context, new Shape(1, context.Length));
        for (var j = 0; j < d; j++)
        {
            var plus = (float[])z.Clone();
            var minus = (float[])z.Clone();
            plus[j] += eps;
            minus[j] -= eps;
            // The step actually taken in float32 (z_j ± eps rounds).
            var step = (double)plus[j] - minus[j];
            var fPlus = flow.Forward(Tensor.FromArray(plus, new Shape(1, d)), ctx).Z.ToArray();
            var fMinus = flow.Forward(Tensor.FromArray(minus, new Shape(1, d)), ctx).Z.ToArray();
            for (var i = 0; i < d; i++)
            {
                jacobian[i, j] = ((double)fPlus[i] - fMinus[i]) / step;
                // An output that does not move with z_j comes out bitwise equal: that entry has no rounding error.
                if (roundingError is not null)
                    roundingError[i, j] = fPlus[i] == fMinus[i] ? 0 : OutputUlps * (Ulp(fPlus[i]) + Ulp(fMinus[i])) / step;
            }
        }
        return jacobian;
    }

    /// <summary>How many float32 ulps an output of a flow's forward pass may be off (a few ops, each rounding once).</summary>
    public const double OutputUlps = 4;

    private static double Ulp(float v) => (double)MathF.BitIncrement(Math.Abs(v)) - Math.Abs(v);

    /// <summary>
    /// First-order bound on the error of log|det J| from errors E in J's entries: |d log|det J|| = |tr(J^-1 dJ)|
    /// &lt;= Σ_ij |(J^-1)_ji| E_ij. Large where J is near singular (a flow that squeezes a direction hard).
    /// </summary>
    public static double LogAbsDetErrorBound(double[,] jacobian, double[,] entryError)
    {
        var inverse = Inverse(jacobian);
        var n = jacobian.GetLength(0);
        var bound = 0.0;
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            bound += Math.Abs(inverse[j, i]) * entryError[i, j];
        return bound;
    }

    /// <summary>A^-1 by Gauss-Jordan elimination with partial pivoting (small, well-defined matrices only).</summary>
    private static double[,] Inverse(double[,] a)
    {
        var n = a.GetLength(0);
        var m = (double[,])a.Clone();
        var inv = new double[n, n];
        for (var i = 0; i < n; i++) inv[i, i] = 1;
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            for (var k = 0; k < n; k++)
            {
                (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (inv[c, k], inv[pivot, k]) = (inv[pivot, k], inv[c, k]);
            }
            var p = m[c, c];
            for (var k = 0; k < n; k++) { m[c, k] /= p; inv[c, k] /= p; }
            for (var r = 0; r < n; r++)
            {
                if (r == c) continue;
                var factor = m[r, c];
                for (var k = 0; k < n; k++) { m[r, k] -= factor * m[c, k]; inv[r, k] -= factor * inv[c, k]; }
            }
        }
        return inv;
    }

    /// <summary>(log|det A|, sign of det A) by LU decomposition with partial pivoting.</summary>
    public static (double LogAbsDet, int Sign) LogAbsDet(double[,] a)
    {
        var n = a.GetLength(0);
        var lu = (double[,])a.Clone();
        var sign = 1;
        var logAbs = 0.0;
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
                if (Math.Abs(lu[r, c]) > Math.Abs(lu[pivot, c])) pivot = r;
            if (lu[pivot, c] == 0.0) return (double.NegativeInfinity, 0);
            if (pivot != c)
            {
                for (var k = 0; k < n; k++) (lu[c, k], lu[pivot, k]) = (lu[pivot, k], lu[c, k]);
                sign = -sign;
            }
            var p = lu[c, c];
            if (p < 0) sign = -sign;
            logAbs += Math.Log(Math.Abs(p));
            for (var r = c + 1; r < n; r++)
            {
                var factor = lu[r, c] / p;
                for (var k = c; k < n; k++) lu[r, k] -= factor * lu[c, k];
            }
        }
        return (logAbs, sign);
    }

    /// <summary>Row <paramref name="row"/> of a matrix tensor, copied.</summary>
    public static float[] RowOf(Tensor t, int row) => t.Row(row).ToArray();
}
