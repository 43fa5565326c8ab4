using Research.Framework.Autodiff;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Vae.Flows;

/// <summary>Finite-difference Jacobians of a flow and log|det| by LU, in double.</summary>
internal static class FlowNumerics
{
    /// <summary>
    /// The Jacobian [i, j] = ∂z'_i/∂z_j of one row by central differences of step
    /// <paramref name="eps"/> (the flow runs in float32; differences are taken in double).
    /// </summary>
    public static double[,] Jacobian(IFlowTransform flow, float[] z, float[]? context, float eps = 2e-3f)
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
            for (var i = 0; i < d; i++) jacobian[i, j] = ((double)fPlus[i] - fMinus[i]) / step;
        }
        return jacobian;
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
