using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch's conv2d) of x [N, C, H, W] with w [O, C, kH, kW]
    /// and an optional bias b [O], zero padding p on every side and stride s:
    /// y[n, o, oy, ox] = b[o] + Σ_{c,i,j} w[o, c, i, j] x[n, c, oy s - p + i, ox s - p + j], y [N, O, Ho, Wo]
    /// with Ho = (H + 2p - kH) / s + 1 (LeCun et al. 1998, "Gradient-based learning applied to document
    /// recognition", section II.A; shapes as Dumoulin and Visin 2016).
    /// </summary>
    /// <remarks>
    /// Native: per sample, im2col into a pooled scratch matrix col [C kH kW, Ho Wo] and one GEMM
    /// y_n = W [O, C kH kW] col (Chellapilla et al. 2006). Backward: dW += dy_n col^T, db += Σ dy,
    /// dx_n = col2im(W^T dy_n). LibTorch devices use torch.nn.functional.conv2d and LibTorch's autograd.
    /// </remarks>
    public static Tensor Conv2d(this Tensor x, Tensor w, Tensor? b = null, int stride = 1, int padding = 0)
    {
        var d = ConvDims.ForConv(x.Shape, w.Shape, stride, padding);
        ConvDims.CheckBias("Conv2d", b, d.O, w.Shape);
        if (TorchOps.Any(x, w, b))
        {
            TorchOps.SameDevice("Conv2d", x, w, b);
            return TorchOps.Result(x.Device.Kind == DeviceKind.TorchCpu
                ? TorchConv2dByUnfold(TorchOps.Of(x), TorchOps.Of(w), b is null ? null : TorchOps.Of(b), d, stride, padding)
                : torch.nn.functional.conv2d(TorchOps.Of(x), TorchOps.Of(w), b is null ? null : TorchOps.Of(b),
                    strides: [stride, stride], padding: [padding, padding]), x.Device);
        }
        var y = Tensor.Empty(new Shape(d.N, d.O, d.OutH, d.OutW));
        var (rows, plane) = (d.PatchRows, d.OutPlane);
        var scratch = ConvDims.RentScratch(rows * plane);
        try
        {
            var col = scratch.AsSpan(0, rows * plane);
            for (var n = 0; n < d.N; n++)
            {
                Im2Col.Unfold(x.Data.Slice(n * d.ImageSize, d.ImageSize), d.C, d.H, d.W, d.KernelH, d.KernelW, stride, padding, d.OutH, d.OutW, col);
                var yn = y.Data.Slice(n * d.OutSize, d.OutSize);
                Gemm.Multiply(false, false, d.O, plane, rows, w.Data, rows, col, plane, yn, plane, accumulate: false);
                if (b is not null) AddChannelBias(yn, b.Data, plane);
            }
        }
        finally
        {
            ConvDims.ReturnScratch(scratch);
        }
        var node = Graph.Recorded(y, Conv2dGrad.Instance, x, w, b);
        if (node is not null) (node.IntArg, node.IntArg2) = (stride, padding);
        return y;
    }

    /// <summary>y[o, :] += b[o] for y [O, plane].</summary>
    private static void AddChannelBias(Span<float> y, ReadOnlySpan<float> b, int plane)
    {
        for (var o = 0; o < b.Length; o++)
        {
            var channel = y.Slice(o * plane, plane);
            TensorPrimitives.Add(channel, b[o], channel);
        }
    }

    /// <summary>gb[o] += Σ g[n, o, :] for g [N, O, plane].</summary>
    private static void AddChannelSums(ReadOnlySpan<float> g, Span<float> gb, int n, int plane)
    {
        var channels = gb.Length;
        for (var i = 0; i < n; i++)
        for (var o = 0; o < channels; o++)
            gb[o] += TensorPrimitives.Sum(g.Slice((i * channels + o) * plane, plane));
    }

    private sealed class Conv2dGrad : IGradFn
    {
        public static readonly Conv2dGrad Instance = new();

        public string Name => "Conv2d";

        public void Backward(Tensor y, GradNode node)
        {
            var (x, w, b) = (node.InputA!, node.InputB!, node.InputC);
            var d = ConvDims.ForConv(x.Shape, w.Shape, node.IntArg, node.IntArg2);
            var g = y.Grad!.Data;
            var (rows, plane) = (d.PatchRows, d.OutPlane);
            if (b is not null && b.RequiresGrad) AddChannelSums(g, b.GradData(), d.N, plane);
            if (!x.RequiresGrad && !w.RequiresGrad) return;
            var scratch = ConvDims.RentScratch(rows * plane);
            try
            {
                var col = scratch.AsSpan(0, rows * plane);
                for (var n = 0; n < d.N; n++)
                {
                    var gn = g.Slice(n * d.OutSize, d.OutSize);
                    if (w.RequiresGrad)
                    {
                        // dW [O, C kH kW] += dy_n [O, plane] col^T
                        Im2Col.Unfold(x.Data.Slice(n * d.ImageSize, d.ImageSize), d.C, d.H, d.W, d.KernelH, d.KernelW, d.Stride, d.Padding, d.OutH, d.OutW, col);
                        Gemm.Multiply(false, true, d.O, rows, plane, gn, plane, col, plane, w.GradData(), rows, accumulate: true);
                    }
                    if (x.RequiresGrad)
                    {
                        // dcol = W^T dy_n, then folded back onto the image
                        Gemm.Multiply(true, false, rows, plane, d.O, w.Data, rows, gn, plane, col, plane, accumulate: false);
                        Im2Col.FoldAdd(col, d.C, d.H, d.W, d.KernelH, d.KernelW, d.Stride, d.Padding, d.OutH, d.OutW, x.GradData().Slice(n * d.ImageSize, d.ImageSize));
                    }
                }
            }
            finally
            {
                ConvDims.ReturnScratch(scratch);
            }
        }
    }

    /// <summary>
    /// Conv2d on LibTorch's CPU as unfold and one matrix product (LibTorch's autograd differentiates both).
    /// Why not conv2d: LibTorch 2.10's CPU conv2d gave a wrong input gradient here at 1 and 2 intra-op
    /// threads (right at 4; tests/Framework.Tests/Autodiff/TorchCpuConvolutionTests.cs shows the case).
    /// </summary>
    private static torch.Tensor TorchConv2dByUnfold(torch.Tensor x, torch.Tensor w, torch.Tensor? b, ConvDims d, int stride, int padding)
    {
        var cols = torch.nn.functional.unfold(x, (d.KernelH, d.KernelW), padding: (padding, padding), stride: (stride, stride));
        var y = torch.matmul(w.reshape(d.O, d.PatchRows), cols).reshape(d.N, d.O, d.OutH, d.OutW);
        return b is null ? y : y + b.reshape(1, d.O, 1, 1);
    }
}
