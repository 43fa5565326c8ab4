using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x @ w + b for x [.., in], w [in, out] (weights stored input-major) and an optional
    /// bias b [out]; one node instead of MatMul + Add. dx = dy @ w^T, dw = x^T @ dy,
    /// db = Σ_rows dy.
    /// </summary>
    public static Tensor Linear(this Tensor x, Tensor w, Tensor? b = null)
    {
        var (rows, fanIn, fanOut) = LinearDims(x.Shape, w.Shape, "Linear");
        if (b is not null && (b.Size != fanOut || b.Shape.Last != fanOut))
            throw new ArgumentException($"Linear: bias shape {b.Shape} does not match weight shape {w.Shape} (need [{fanOut}]).");
        if (TorchOps.Any(x, w, b))
        {
            TorchOps.SameDevice("Linear", x, w, b);
            using var weight = TorchOps.Of(w).t(); // stored [in, out]; LibTorch's linear takes [out, in]
            return TorchOps.Result(torch.nn.functional.linear(TorchOps.Of(x), weight, b is null ? null : TorchOps.Of(b)), x.Device);
        }
        var y = Tensor.Empty(x.Shape.With(-1, fanOut));
        var yd = y.Data;
        if (b is not null)
            for (var r = 0; r < rows; r++) b.Data.CopyTo(yd.Slice(r * fanOut, fanOut));
        Gemm.Multiply(false, false, rows, fanOut, fanIn, x.Data, fanIn, w.Data, fanOut, yd, fanOut, accumulate: b is not null);
        return Graph.Record(y, LinearGrad.Instance, x, w, b);
    }

    private sealed class LinearGrad : IGradFn
    {
        public static readonly LinearGrad Instance = new();

        public string Name => "Linear";

        public void Backward(Tensor y, GradNode node)
        {
            var (x, w, b) = (node.InputA!, node.InputB!, node.InputC);
            var (rows, fanIn, fanOut) = LinearDims(x.Shape, w.Shape, Name);
            var g = y.Grad!.Data;
            if (x.RequiresGrad)
            {
                var gx = x.GradDataToWrite(out var accumulate);
                Gemm.Multiply(false, true, rows, fanIn, fanOut, g, fanOut, w.Data, fanOut, gx, fanIn, accumulate);
            }
            if (w.RequiresGrad)
                Gemm.Multiply(true, false, fanIn, fanOut, rows, x.Data, fanIn, g, fanOut, w.GradData(), fanOut, accumulate: true);
            if (b is not null && b.RequiresGrad) ColumnSums.AddTo(g, rows, fanOut, b.GradData());
        }
    }
}
