using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x[.., start : start + length, ..] along <paramref name="axis"/> (a copy).
    /// dx is dy placed back at those positions, zero elsewhere.
    /// </summary>
    public static Tensor Slice(this Tensor x, int axis, int start, int length)
    {
        axis = x.Shape.Axis(axis);
        var (outer, n, inner) = AxisLayout(x.Shape, axis);
        if (start < 0 || length < 0 || start + length > n)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + length}) is outside axis {axis} of shape {x.Shape}.");
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).narrow(axis, start, length), x.Device);
        var y = Tensor.Empty(x.Shape.With(axis, length));
        var xd = x.Data;
        var yd = y.Data;
        var block = length * inner;
        for (var o = 0; o < outer; o++)
            xd.Slice((o * n + start) * inner, block).CopyTo(yd.Slice(o * block, block));
        if (Graph.Recorded(y, SliceGrad.Instance, x) is { } node)
        {
            node.IntArg = axis;
            node.IntArg2 = start;
        }
        return y;
    }

    private sealed class SliceGrad : IGradFn
    {
        public static readonly SliceGrad Instance = new();

        public string Name => "Slice";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var g = y.Grad!.Data;
            var (outer, n, inner) = AxisLayout(x.Shape, node.IntArg);
            var block = y.Shape[node.IntArg] * inner;
            for (var o = 0; o < outer; o++)
            {
                var dst = gx.Slice((o * n + node.IntArg2) * inner, block);
                TensorPrimitives.Add(dst, g.Slice(o * block, block), dst);
            }
        }
    }
}
