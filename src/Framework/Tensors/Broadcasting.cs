
namespace Research.Framework.Tensors;

/// <summary>The four arithmetic kernels that broadcast (NumPy rules).</summary>
public enum BinaryKind { Add, Subtract, Multiply, Divide }

/// <summary>
/// NumPy broadcasting for tensors of rank up to 4: shapes are aligned on the right and a
/// dimension of 1 stretches to match. Fast paths cover equal shapes, a scalar operand and a row
/// block repeated along the leading dimensions (a row vector [D] over [N, D], a [B, D] over [K, B, D]);
/// everything else goes through a general strided loop. The fast paths give bitwise the general loop's values.
/// </summary>
public static class Broadcasting
{
    /// <summary>The broadcast result shape, or an error naming both shapes and the op.</summary>
    public static Shape ResultShape(Shape a, Shape b, string op)
    {
        if (a == b) return a;
        var rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        for (var i = 0; i < rank; i++)
        {
            var da = Dim(a, i - rank + a.Rank);
            var db = Dim(b, i - rank + b.Rank);
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {a} and {b} do not broadcast (dimension {i} of the result: {da} vs {db}).");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims[..rank]);
    }

    /// <summary>destination = a (op) b with broadcasting; destination has the result shape.</summary>
    public static void Binary(BinaryKind kind, ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> destination, Shape so)
    {
        if (sa == so && sb == so) { Contiguous(kind, a, b, destination); return; }
        if (sb.Size == 1 && sa == so) { WithScalarRight(kind, a, b[0], destination); return; }
        if (sa.Size == 1 && sb == so) { WithScalarLeft(kind, a[0], b, destination); return; }
        if (sa == so && IsTrailingBlockOf(sb, so))
        {
            var block = sb.Size;
            for (var o = 0; o < so.Size; o += block)
                Contiguous(kind, a.Slice(o, block), b, destination.Slice(o, block));
            return;
        }
        if (sb == so && IsTrailingBlockOf(sa, so))
        {
            var block = sa.Size;
            for (var o = 0; o < so.Size; o += block)
                Contiguous(kind, a, b.Slice(o, block), destination.Slice(o, block));
            return;
        }
        General(kind, a, sa, b, sb, destination, so);
    }

    /// <summary>
    /// Adds <paramref name="gradient"/> (of the broadcast result shape) into <paramref name="target"/>
    /// (of an operand's shape), summing over the dimensions that were stretched.
    /// </summary>
    public static void ReduceAdd(ReadOnlySpan<float> gradient, Shape so, Span<float> target, Shape st)
    {
        if (st == so) { TensorPrimitives.Add(target, gradient, target); return; }
        if (st.Size == 1) { target[0] += TensorPrimitives.Sum(gradient); return; }
        if (IsTrailingBlockOf(st, so))
        {
            // Block by block in order: each target element sums its terms in the general loop's order.
            var block = st.Size;
            for (var o = 0; o < so.Size; o += block) TensorPrimitives.Add(target, gradient.Slice(o, block), target);
            return;
        }
        Span<int> outDims = stackalloc int[Shape.MaxRank];
        Span<int> tStrides = stackalloc int[Shape.MaxRank];
        AlignedDims(so, outDims);
        AlignedStrides(st, so, tStrides);
        var index = 0;
        for (var i0 = 0; i0 < outDims[0]; i0++)
        for (var i1 = 0; i1 < outDims[1]; i1++)
        for (var i2 = 0; i2 < outDims[2]; i2++)
        {
            var tBase = i0 * tStrides[0] + i1 * tStrides[1] + i2 * tStrides[2];
            for (var i3 = 0; i3 < outDims[3]; i3++)
                target[tBase + i3 * tStrides[3]] += gradient[index++];
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> (shape <paramref name="ss"/>) into <paramref name="destination"/>
    /// of the bigger shape <paramref name="so"/>, repeating it along the stretched dimensions.
    /// </summary>
    public static void BroadcastTo(ReadOnlySpan<float> source, Shape ss, Span<float> destination, Shape so)
    {
        if (ss == so) { source.CopyTo(destination); return; }
        if (ss.Size == 1) { destination.Fill(source[0]); return; }
        if (IsTrailingBlockOf(ss, so))
        {
            var block = ss.Size;
            for (var o = 0; o < so.Size; o += block) source.CopyTo(destination.Slice(o, block));
            return;
        }
        Span<int> outDims = stackalloc int[Shape.MaxRank];
        Span<int> sStrides = stackalloc int[Shape.MaxRank];
        AlignedDims(so, outDims);
        AlignedStrides(ss, so, sStrides);
        var index = 0;
        for (var i0 = 0; i0 < outDims[0]; i0++)
        for (var i1 = 0; i1 < outDims[1]; i1++)
        for (var i2 = 0; i2 < outDims[2]; i2++)
        {
            var sBase = i0 * sStrides[0] + i1 * sStrides[1] + i2 * sStrides[2];
            for (var i3 = 0; i3 < outDims[3]; i3++)
                destination[index++] = source[sBase + i3 * sStrides[3]];
        }
    }

    /// <summary>
    /// True when <paramref name="small"/>, leading 1s aside, is the trailing dimensions of <paramref name="full"/>
    /// ([D] or [1, D] of [N, D]; [B, D] of [K, B, D]): it repeats as one contiguous block.
    /// </summary>
    private static bool IsTrailingBlockOf(Shape small, Shape full)
    {
        if (small.Rank < 1 || small.Rank > full.Rank) return false;
        var lead = 0;
        while (lead < small.Rank - 1 && small[lead] == 1) lead++;
        for (var i = small.Rank - 1; i >= lead; i--)
            if (small[i] != full[full.Rank - small.Rank + i]) return false;
        return true;
    }

    private static int Dim(Shape s, int axis) => axis < 0 ? 1 : s[axis];

    /// <summary>The shape's dimensions right-aligned in four slots (leading slots 1).</summary>
    private static void AlignedDims(Shape s, Span<int> dims)
    {
        for (var i = 0; i < Shape.MaxRank; i++) dims[i] = Dim(s, i - Shape.MaxRank + s.Rank);
    }

    /// <summary>Strides of <paramref name="s"/> right-aligned to four slots, 0 where it broadcasts against <paramref name="result"/>.</summary>
    private static void AlignedStrides(Shape s, Shape result, Span<int> strides)
    {
        Span<int> dims = stackalloc int[Shape.MaxRank];
        Span<int> resultDims = stackalloc int[Shape.MaxRank];
        AlignedDims(s, dims);
        AlignedDims(result, resultDims);
        var stride = 1;
        for (var i = Shape.MaxRank - 1; i >= 0; i--)
        {
            strides[i] = dims[i] == 1 && resultDims[i] != 1 ? 0 : stride;
            stride *= dims[i];
        }
    }

    private static void General(BinaryKind kind, ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> destination, Shape so)
    {
        Span<int> outDims = stackalloc int[Shape.MaxRank];
        Span<int> aStrides = stackalloc int[Shape.MaxRank];
        Span<int> bStrides = stackalloc int[Shape.MaxRank];
        AlignedDims(so, outDims);
        AlignedStrides(sa, so, aStrides);
        AlignedStrides(sb, so, bStrides);
        var index = 0;
        for (var i0 = 0; i0 < outDims[0]; i0++)
        for (var i1 = 0; i1 < outDims[1]; i1++)
        for (var i2 = 0; i2 < outDims[2]; i2++)
        {
            var aBase = i0 * aStrides[0] + i1 * aStrides[1] + i2 * aStrides[2];
            var bBase = i0 * bStrides[0] + i1 * bStrides[1] + i2 * bStrides[2];
            for (var i3 = 0; i3 < outDims[3]; i3++)
                destination[index++] = Apply(kind, a[aBase + i3 * aStrides[3]], b[bBase + i3 * bStrides[3]]);
        }
    }

    private static float Apply(BinaryKind kind, float x, float y) => kind switch
    {
        BinaryKind.Add => x + y,
        BinaryKind.Subtract => x - y,
        BinaryKind.Multiply => x * y,
        _ => x / y,
    };

    private static void Contiguous(BinaryKind kind, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(a, b, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    private static void WithScalarRight(BinaryKind kind, ReadOnlySpan<float> a, float b, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(a, b, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(a, b, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    private static void WithScalarLeft(BinaryKind kind, float a, ReadOnlySpan<float> b, Span<float> d)
    {
        switch (kind)
        {
            case BinaryKind.Add: TensorPrimitives.Add(b, a, d); break;
            case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryKind.Multiply: TensorPrimitives.Multiply(b, a, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }
}
