using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>The sum of all elements, a scalar.</summary>
    public static Tensor Sum(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.sum());
        var y = Tensor.Empty(Shape.Scalar);
        y.Data[0] = TensorPrimitives.Sum(x.Data);
        return Graph.Record(y, SumAllGrad.Instance, x);
    }

    /// <summary>
    /// y[.., ..] = Σ_j x[.., j, ..] over <paramref name="axis"/> (negative counts from the end);
    /// the axis is removed, or kept as size 1 with <paramref name="keepDim"/>. dx[.., j, ..] = dy[.., ..].
    /// </summary>
    public static Tensor Sum(this Tensor x, int axis, bool keepDim = false) =>
        ReduceAxis(x, axis, keepDim, mean: false);

    /// <summary>Sum or mean over one axis; the backward rule is shared (a scaled broadcast).</summary>
    private static Tensor ReduceAxis(Tensor x, int axis, bool keepDim, bool mean)
    {
        axis = x.Shape.Axis(axis);
        if (TorchOps.Any(x)) return TorchOps.Result(mean ? TorchOps.Of(x).mean([axis], keepDim) : TorchOps.Of(x).sum(axis, keepDim), x.Device);
        var (outer, n, inner) = AxisLayout(x.Shape, axis);
        var y = Tensor.Empty(ReducedShape(x.Shape, axis, keepDim));
        var xd = x.Data;
        var yd = y.Data;
        var scale = mean ? 1f / n : 1f;
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++) yd[o] = TensorPrimitives.Sum(xd.Slice(o * n, n)) * scale;
        }
        else
        {
            yd.Clear();
            for (var o = 0; o < outer; o++)
            {
                var yo = yd.Slice(o * inner, inner);
                ColumnSums.AddTo(xd.Slice(o * n * inner, n * inner), n, inner, yo); // the n rows of [n, inner], in order
                if (mean) TensorPrimitives.Multiply(yo, scale, yo);
            }
        }
        if (Graph.Recorded(y, mean ? ReduceAxisGrad.Mean : ReduceAxisGrad.Sum, x) is { } node)
        {
            node.IntArg = axis;
            node.ScalarArg = scale;
        }
        return y;
    }

    private sealed class SumAllGrad : IGradFn
    {
        public static readonly SumAllGrad Instance = new();

        public string Name => "Sum";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Add(gx, y.Grad!.Data[0], gx);
        }
    }

    private sealed class ReduceAxisGrad(string name) : IGradFn
    {
        public static readonly ReduceAxisGrad Sum = new("SumAxis");
        public static readonly ReduceAxisGrad Mean = new("MeanAxis");

        public string Name => name;

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var (outer, n, inner) = AxisLayout(x.Shape, node.IntArg);
            var g = y.Grad!.Data;
            var gx = x.GradData();
            var scale = node.ScalarArg;
            for (var o = 0; o < outer; o++)
            {
                if (inner == 1)
                {
                    // Reduced over the last axis: one value spreads over a contiguous row.
                    var row = gx.Slice(o * n, n);
                    TensorPrimitives.Add(row, g[o] * scale, row);
                    continue;
                }
                var go = g.Slice(o * inner, inner);
                for (var j = 0; j < n; j++)
                {
                    var gxj = gx.Slice((o * n + j) * inner, inner);
                    TensorPrimitives.MultiplyAdd(go, scale, gxj, gxj);
                }
            }
        }
    }
}
