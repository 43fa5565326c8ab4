using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ln Σ_j e^{x_j} over <paramref name="axis"/>, computed as m + ln Σ_j e^{x_j - m} with m the
    /// maximum so that nothing overflows. A slice that is entirely -inf gives -inf (and a zero
    /// gradient, not NaN); -inf entries elsewhere get a zero gradient. dx_j = e^{x_j - y} dy.
    /// The axis is removed, or kept as size 1 with <paramref name="keepDim"/>.
    /// </summary>
    public static Tensor LogSumExp(this Tensor x, int axis = -1, bool keepDim = false)
    {
        axis = x.Shape.Axis(axis);
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).logsumexp(axis, keepDim), x.Device);
        var (outer, n, inner) = AxisLayout(x.Shape, axis);
        var y = Tensor.Empty(ReducedShape(x.Shape, axis, keepDim));
        var xd = x.Data;
        var yd = y.Data;
        if (inner == 1)
        {
            using var scratch = TensorScope.Begin();
            var e = Tensor.Empty(new Shape(n)).Data;
            for (var o = 0; o < outer; o++) yd[o] = LogSumExpRow(xd.Slice(o * n, n), e);
        }
        else
        {
            for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
                yd[o * inner + i] = LogSumExpStrided(xd.Slice(o * n * inner + i), n, inner);
        }
        if (Graph.Recorded(y, LogSumExpGrad.Instance, x) is { } node) node.IntArg = axis;
        return y;
    }

    /// <summary>The log-sum-exp of a contiguous row, using <paramref name="e"/> (same length) as scratch.</summary>
    private static float LogSumExpRow(ReadOnlySpan<float> row, Span<float> e)
    {
        if (row.Length == 0) return float.NegativeInfinity;
        var m = TensorPrimitives.Max(row);
        // All -inf: the sum is 0 and its log -inf; a +inf entry makes the result +inf. (x - m would be NaN.)
        if (float.IsInfinity(m)) return m;
        TensorPrimitives.Subtract(row, m, e);
        TensorPrimitives.Exp(e, e);
        return m + MathF.Log(TensorPrimitives.Sum(e));
    }

    /// <summary>The log-sum-exp of n values spaced <paramref name="stride"/> apart.</summary>
    private static float LogSumExpStrided(ReadOnlySpan<float> x, int n, int stride)
    {
        var m = float.NegativeInfinity;
        for (var j = 0; j < n; j++) m = MathF.Max(m, x[j * stride]);
        if (float.IsInfinity(m)) return m;
        var s = 0f;
        for (var j = 0; j < n; j++) s += MathF.Exp(x[j * stride] - m);
        return m + MathF.Log(s);
    }

    private sealed class LogSumExpGrad : IGradFn
    {
        public static readonly LogSumExpGrad Instance = new();

        public string Name => "LogSumExp";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var (outer, n, inner) = AxisLayout(x.Shape, node.IntArg);
            var xd = x.Data;
            var yd = y.Data;
            var g = y.Grad!.Data;
            using var scratch = TensorScope.Begin();
            var e = Tensor.Empty(new Shape(n)).Data;
            for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var lse = yd[o * inner + i];
                // An all -inf slice has no mass to distribute: its gradient is zero.
                if (float.IsNegativeInfinity(lse)) continue;
                var gi = g[o * inner + i];
                if (inner == 1)
                {
                    TensorPrimitives.Subtract(xd.Slice(o * n, n), lse, e);
                    TensorPrimitives.Exp(e, e);
                    var row = gx.Slice(o * n, n);
                    TensorPrimitives.MultiplyAdd(e, gi, row, row);
                    continue;
                }
                var start = o * n * inner + i;
                for (var j = 0; j < n; j++)
                    gx[start + j * inner] += MathF.Exp(xd[start + j * inner] - lse) * gi;
            }
        }
    }
}
