using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x @ (w ⊙ mask) for x [.., in], w and mask [in, out]: the masked product of MADE/IAF
    /// (Germain et al. 2015, eq. 10). The mask is a constant (no gradient).
    /// dx = dy @ (w ⊙ mask)^T, dw = (x^T @ dy) ⊙ mask, so masked-out weights never change.
    /// </summary>
    public static Tensor MaskedMatMul(this Tensor x, Tensor w, Tensor mask)
    {
        var (rows, fanIn, fanOut) = LinearDims(x.Shape, w.Shape, "MaskedMatMul");
        if (mask.Shape != w.Shape)
            throw new ArgumentException($"MaskedMatMul: mask shape {mask.Shape} differs from weight shape {w.Shape}.");
        if (TorchOps.Any(x, w, mask))
        {
            TorchOps.SameDevice("MaskedMatMul", x, w, mask);
            using var maskedWeights = TorchOps.Of(w).mul(TorchOps.Of(mask));
            return TorchOps.Result(TorchOps.Of(x).matmul(maskedWeights), x.Device);
        }
        var y = Tensor.Empty(x.Shape.With(-1, fanOut));
        // The masked weights are kept for the backward pass (dx needs them).
        var masked = Tensor.Empty(w.Shape);
        TensorPrimitives.Multiply(w.Data, mask.Data, masked.Data);
        Gemm.Multiply(false, false, rows, fanOut, fanIn, x.Data, fanIn, masked.Data, fanOut, y.Data, fanOut, accumulate: false);
        if (Graph.Recorded(y, MaskedMatMulGrad.Instance, x, w, mask) is { } node) node.Saved = masked;
        return y;
    }

    private sealed class MaskedMatMulGrad : IGradFn
    {
        public static readonly MaskedMatMulGrad Instance = new();

        public string Name => "MaskedMatMul";

        public void Backward(Tensor y, GradNode node)
        {
            var (x, w, mask) = (node.InputA!, node.InputB!, node.InputC!);
            var (rows, fanIn, fanOut) = LinearDims(x.Shape, w.Shape, Name);
            var g = y.Grad!.Data;
            if (x.RequiresGrad)
                Gemm.Multiply(false, true, rows, fanIn, fanOut, g, fanOut, node.Saved!.Data, fanOut, x.GradData(), fanIn, accumulate: true);
            if (!w.RequiresGrad) return;
            var gw = w.GradData();
            using var scratch = TensorScope.Begin();
            var full = Tensor.Empty(w.Shape);
            Gemm.Multiply(true, false, fanIn, fanOut, rows, x.Data, fanIn, g, fanOut, full.Data, fanOut, accumulate: false);
            TensorPrimitives.MultiplyAdd(full.Data, mask.Data, gw, gw);
        }
    }
}
