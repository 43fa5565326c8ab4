using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y[j, i] = x[i, j] for a matrix (a copy). dx = dy^T.</summary>
    public static Tensor Transpose(this Tensor x)
    {
        if (x.Shape.Rank != 2)
            throw new ArgumentException($"Transpose: needs a matrix, got shape {x.Shape}.");
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.t());
        var (rows, cols) = (x.Shape[0], x.Shape[1]);
        var y = Tensor.Empty(new Shape(cols, rows));
        TransposeInto(x.Data, rows, cols, y.Data, accumulate: false);
        return Graph.Record(y, TransposeGrad.Instance, x);
    }

    /// <summary>dst[j, i] (+)= src[i, j] for src [rows, cols], in tiles so both sides stay in cache.</summary>
    private static void TransposeInto(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, bool accumulate)
    {
        const int tile = 32;
        for (var i0 = 0; i0 < rows; i0 += tile)
        for (var j0 = 0; j0 < cols; j0 += tile)
        {
            var (i1, j1) = (Math.Min(i0 + tile, rows), Math.Min(j0 + tile, cols));
            for (var i = i0; i < i1; i++)
            for (var j = j0; j < j1; j++)
            {
                if (accumulate) dst[j * rows + i] += src[i * cols + j];
                else dst[j * rows + i] = src[i * cols + j];
            }
        }
    }

    private sealed class TransposeGrad : IGradFn
    {
        public static readonly TransposeGrad Instance = new();

        public string Name => "Transpose";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            // dy is [cols, rows]; its transpose adds into dx [rows, cols].
            TransposeInto(y.Grad!.Data, y.Shape[0], y.Shape[1], x.GradData(), accumulate: true);
        }
    }
}
