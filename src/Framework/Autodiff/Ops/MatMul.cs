using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Matrix product. [m, k] @ [k, n] -> [m, n]; [..., m, k] @ [k, n] treats the leading
    /// dimensions as more rows; [B, m, k] @ [B, k, n] -> [B, m, n] is the batched product.
    /// </summary>
    public static Tensor MatMul(this Tensor a, Tensor b)
    {
        var (batch, m, k, n) = MatMulDims(a.Shape, b.Shape);
        if (TorchOps.Any(a, b)) return TorchOps.Binary(a, b, "MatMul", static (p, q) => p.matmul(q));
        var y = Tensor.Empty(MatMulShape(a.Shape, b.Shape, n));
        if (batch == 1)
        {
            Gemm.Multiply(false, false, m, n, k, a.Data, k, b.Data, n, y.Data, n, accumulate: false);
        }
        else
        {
            for (var i = 0; i < batch; i++)
                Gemm.Multiply(false, false, m, n, k, a.Data.Slice(i * m * k, m * k), k, b.Data.Slice(i * k * n, k * n), n, y.Data.Slice(i * m * n, m * n), n, accumulate: false);
        }
        return Graph.Record(y, MatMulGrad.Instance, a, b);
    }

    /// <summary>(batch, m, k, n) of a product, or an error naming both shapes.</summary>
    internal static (int Batch, int M, int K, int N) MatMulDims(Shape a, Shape b)
    {
        if (a.Rank >= 2 && b.Rank == 2 && a.Last == b[0])
            return (1, a.Rows, a.Last, b[1]);
        if (a.Rank == 3 && b.Rank == 3 && a[0] == b[0] && a[2] == b[1])
            return (a[0], a[1], a[2], b[2]);
        throw new ArgumentException($"MatMul: shapes {a} and {b} are not compatible (need [.., m, k] @ [k, n] or [B, m, k] @ [B, k, n]).");
    }

    private static Shape MatMulShape(Shape a, Shape b, int n) =>
        b.Rank == 3 ? new Shape(a[0], a[1], n) : a.With(-1, n);

    private sealed class MatMulGrad : IGradFn
    {
        public static readonly MatMulGrad Instance = new();

        public string Name => "MatMul";

        public void Backward(Tensor y, GradNode node)
        {
            var (a, b) = (node.InputA!, node.InputB!);
            var (batch, m, k, n) = MatMulDims(a.Shape, b.Shape);
            var g = y.Grad!.Data;
            for (var i = 0; i < batch; i++)
            {
                var gi = g.Slice(i * m * n, m * n);
                // dA = dY @ B^T, dB = A^T @ dY
                if (a.RequiresGrad)
                    Gemm.Multiply(false, true, m, k, n, gi, n, b.Data.Slice(i * k * n, k * n), n, a.GradData().Slice(i * m * k, m * k), k, accumulate: true);
                if (b.RequiresGrad)
                    Gemm.Multiply(true, false, k, n, m, a.Data.Slice(i * m * k, m * k), k, gi, n, b.GradData().Slice(i * k * n, k * n), n, accumulate: true);
            }
        }
    }
}
