using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Transposed 2-D convolution (PyTorch's conv_transpose2d without output padding) of x [N, Cin, H, W]
    /// with w [Cin, Cout, kH, kW] and an optional bias b [Cout]: the adjoint in the input of the
    /// convolution with the same w, stride s and padding p, y [N, Cout, (H - 1) s - 2p + kH, (W - 1) s - 2p + kW]
    /// (Dumoulin and Visin 2016, section 4, relationship 14; Zeiler et al. 2010, "Deconvolutional networks"):
    /// y[n, co, y s - p + i, x s - p + j] += w[ci, co, i, j] x[n, ci, y, x], plus b[co].
    /// </summary>
    /// <remarks>
    /// Native: per sample, col [Cout kH kW, H W] = W^T x_n by one GEMM into a pooled scratch matrix,
    /// then col2im onto y_n. Backward: dcol = im2col(dy_n), dx_n = W dcol, dW += x_n dcol^T,
    /// db += Σ dy. LibTorch devices use torch.nn.functional.conv_transpose2d.
    /// </remarks>
    public static Tensor ConvTranspose2d(this Tensor x, Tensor w, Tensor? b = null, int stride = 1, int padding = 0)
    {
        var d = ConvDims.ForTranspose(x.Shape, w.Shape, stride, padding);
        ConvDims.CheckBias("ConvTranspose2d", b, d.C, w.Shape);
        if (TorchOps.Any(x, w, b))
        {
            TorchOps.SameDevice("ConvTranspose2d", x, w, b);
            return TorchOps.Result(torch.nn.functional.conv_transpose2d(TorchOps.Of(x), TorchOps.Of(w), b is null ? null : TorchOps.Of(b),
                strides: [stride, stride], padding: [padding, padding]), x.Device);
        }
        // The convolution's image side is the output here: C = Cout, H x W the output; O = Cin, Ho x Wo the input.
        var y = Tensor.Zeros(new Shape(d.N, d.C, d.H, d.W));
        var (rows, plane) = (d.PatchRows, d.OutPlane);
        var scratch = ConvDims.RentScratch(rows * plane);
        try
        {
            var col = scratch.AsSpan(0, rows * plane);
            for (var n = 0; n < d.N; n++)
            {
                Gemm.Multiply(true, false, rows, plane, d.O, w.Data, rows, x.Data.Slice(n * d.OutSize, d.OutSize), plane, col, plane, accumulate: false);
                var yn = y.Data.Slice(n * d.ImageSize, d.ImageSize);
                Im2Col.FoldAdd(col, d.C, d.H, d.W, d.KernelH, d.KernelW, stride, padding, d.OutH, d.OutW, yn);
                if (b is not null) AddChannelBias(yn, b.Data, d.H * d.W);
            }
        }
        finally
        {
            ConvDims.ReturnScratch(scratch);
        }
        var node = Graph.Recorded(y, ConvTranspose2dGrad.Instance, x, w, b);
        if (node is not null) (node.IntArg, node.IntArg2) = (stride, padding);
        return y;
    }

    private sealed class ConvTranspose2dGrad : IGradFn
    {
        public static readonly ConvTranspose2dGrad Instance = new();

        public string Name => "ConvTranspose2d";

        public void Backward(Tensor y, GradNode node)
        {
            var (x, w, b) = (node.InputA!, node.InputB!, node.InputC);
            var d = ConvDims.ForTranspose(x.Shape, w.Shape, node.IntArg, node.IntArg2);
            var g = y.Grad!.Data;
            var (rows, plane) = (d.PatchRows, d.OutPlane);
            if (b is not null && b.RequiresGrad) AddChannelSums(g, b.GradData(), d.N, d.H * d.W);
            if (!x.RequiresGrad && !w.RequiresGrad) return;
            var scratch = ConvDims.RentScratch(rows * plane);
            try
            {
                var col = scratch.AsSpan(0, rows * plane);
                for (var n = 0; n < d.N; n++)
                {
                    Im2Col.Unfold(g.Slice(n * d.ImageSize, d.ImageSize), d.C, d.H, d.W, d.KernelH, d.KernelW, d.Stride, d.Padding, d.OutH, d.OutW, col);
                    var xn = x.Data.Slice(n * d.OutSize, d.OutSize);
                    // dx_n [Cin, plane] += W [Cin, Cout kH kW] dcol
                    if (x.RequiresGrad)
                        Gemm.Multiply(false, false, d.O, plane, rows, w.Data, rows, col, plane, x.GradData().Slice(n * d.OutSize, d.OutSize), plane, accumulate: true);
                    // dW [Cin, Cout kH kW] += x_n dcol^T
                    if (w.RequiresGrad)
                        Gemm.Multiply(false, true, d.O, rows, plane, xn, plane, col, plane, w.GradData(), rows, accumulate: true);
                }
            }
            finally
            {
                ConvDims.ReturnScratch(scratch);
            }
        }
    }
}
