using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// (rows, in, out) of x[.., in] @ w[in, out], or an error naming the op and both shapes.
    /// The leading dimensions of x are all rows.
    /// </summary>
    internal static (int Rows, int In, int Out) LinearDims(Shape x, Shape w, string op)
    {
        if (x.Rank >= 1 && w.Rank == 2 && x.Last == w[0]) return (x.Rows, w[0], w[1]);
        throw new ArgumentException($"{op}: input shape {x} and weight shape {w} are not compatible (need x [.., in] and w [in, out]).");
    }
}
