using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Joins a and b along <paramref name="axis"/>; all other dimensions must agree.
    /// Each input's gradient is its slice of dy.
    /// </summary>
    public static Tensor Concat(this Tensor a, Tensor b, int axis) => ConcatCore(a, b, null, axis);

    /// <summary>Joins a, b and c along <paramref name="axis"/> (a graph node has at most three inputs).</summary>
    public static Tensor Concat(this Tensor a, Tensor b, Tensor c, int axis) => ConcatCore(a, b, c, axis);

    private static Tensor ConcatCore(Tensor a, Tensor b, Tensor? c, int axis)
    {
        axis = a.Shape.Axis(axis);
        var total = a.Shape[axis] + ConcatLength(a, b, axis) + (c is null ? 0 : ConcatLength(a, c, axis));
        if (TorchOps.Any(a, b, c))
        {
            TorchOps.SameDevice("Concat", a, b, c);
            torch.Tensor[] parts = c is null ? [TorchOps.Of(a), TorchOps.Of(b)] : [TorchOps.Of(a), TorchOps.Of(b), TorchOps.Of(c)];
            return TorchOps.Result(torch.cat(parts, axis), a.Device);
        }
        var y = Tensor.Empty(a.Shape.With(axis, total));
        var (outer, _, inner) = AxisLayout(y.Shape, axis);
        var yd = y.Data;
        var offset = ConcatPart(a.Data, a.Shape[axis], yd, outer, inner, total, 0, toWhole: true);
        offset = ConcatPart(b.Data, b.Shape[axis], yd, outer, inner, total, offset, toWhole: true);
        if (c is not null) ConcatPart(c.Data, c.Shape[axis], yd, outer, inner, total, offset, toWhole: true);
        if (Graph.Recorded(y, ConcatGrad.Instance, a, b, c) is { } node) node.IntArg = axis;
        return y;
    }

    /// <summary>The length of <paramref name="other"/> along the axis, after checking every other dimension against <paramref name="first"/>.</summary>
    private static int ConcatLength(Tensor first, Tensor other, int axis)
    {
        var (s, t) = (first.Shape, other.Shape);
        var ok = s.Rank == t.Rank;
        for (var i = 0; ok && i < s.Rank; i++) ok = i == axis || s[i] == t[i];
        if (!ok) throw new ArgumentException($"Concat: shapes {s} and {t} differ outside axis {axis}.");
        return t[axis];
    }

    /// <summary>
    /// One input of <paramref name="length"/> along the axis against its place in the joined
    /// [outer, total, inner] tensor: copies it in (forward) or adds its slice of the whole back
    /// (backward). Returns the offset of the next input.
    /// </summary>
    private static int ConcatPart(Span<float> part, int length, Span<float> whole, int outer, int inner, int total, int offset, bool toWhole)
    {
        var block = length * inner;
        for (var o = 0; o < outer; o++)
        {
            var p = part.Slice(o * block, block);
            var w = whole.Slice((o * total + offset) * inner, block);
            if (toWhole) p.CopyTo(w);
            else TensorPrimitives.Add(p, w, p);
        }
        return offset + length;
    }

    private sealed class ConcatGrad : IGradFn
    {
        public static readonly ConcatGrad Instance = new();

        public string Name => "Concat";

        public void Backward(Tensor y, GradNode node)
        {
            var axis = node.IntArg;
            var (outer, total, inner) = AxisLayout(y.Shape, axis);
            var g = y.Grad!.Data;
            var offset = AddPartGrad(node.InputA!, g, axis, outer, inner, total, 0);
            offset = AddPartGrad(node.InputB!, g, axis, outer, inner, total, offset);
            if (node.InputC is not null) AddPartGrad(node.InputC, g, axis, outer, inner, total, offset);
        }

        private static int AddPartGrad(Tensor part, Span<float> g, int axis, int outer, int inner, int total, int offset) =>
            part.RequiresGrad
                ? ConcatPart(part.GradData(), part.Shape[axis], g, outer, inner, total, offset, toWhole: false)
                : offset + part.Shape[axis];
    }
}
