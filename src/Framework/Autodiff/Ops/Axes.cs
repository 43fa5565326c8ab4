using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The tensor seen as [outer, n, inner] around <paramref name="axis"/> (already normalized):
    /// outer is the product of the dimensions before it, inner of those after it.
    /// </summary>
    internal static (int Outer, int N, int Inner) AxisLayout(Shape s, int axis)
    {
        int outer = 1, inner = 1;
        for (var i = 0; i < axis; i++) outer *= s[i];
        for (var i = axis + 1; i < s.Rank; i++) inner *= s[i];
        return (outer, s[axis], inner);
    }

    /// <summary>The shape after reducing <paramref name="axis"/>: kept as 1, or removed.</summary>
    internal static Shape ReducedShape(Shape s, int axis, bool keepDim)
    {
        if (keepDim) return s.With(axis, 1);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        var rank = 0;
        for (var i = 0; i < s.Rank; i++)
            if (i != axis) dims[rank++] = s[i];
        return new Shape(dims[..rank]);
    }
}
