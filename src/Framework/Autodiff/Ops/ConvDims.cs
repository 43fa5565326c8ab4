using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>
/// The geometry of a 2-D convolution between an "image" side [N, C, H, W] and a "patch" side
/// [N, O, Ho, Wo] with Ho = (H + 2p - kH) / s + 1 (Dumoulin and Visin 2016, "A guide to convolution
/// arithmetic", relationship 6). Conv2d reads the image and writes the patch side; ConvTranspose2d
/// (its adjoint in the input) reads the patch side and writes the image.
/// </summary>
internal readonly record struct ConvDims(int N, int C, int H, int W, int O, int KernelH, int KernelW, int Stride, int Padding, int OutH, int OutW)
{
    /// <summary>Rows of the patch matrix: C kH kW.</summary>
    public int PatchRows => C * KernelH * KernelW;

    /// <summary>Columns of the patch matrix: Ho Wo.</summary>
    public int OutPlane => OutH * OutW;

    public int ImageSize => C * H * W;

    public int OutSize => O * OutH * OutW;

    public static void CheckArguments(string op, int stride, int padding)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"{op}: the stride must be at least 1.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{op}: the padding cannot be negative.");
    }

    /// <summary>Conv2d: x [N, C, H, W], w [O, C, kH, kW].</summary>
    public static ConvDims ForConv(Shape x, Shape w, int stride, int padding, string op = "Conv2d")
    {
        CheckArguments(op, stride, padding);
        if (x.Rank != 4 || w.Rank != 4 || x[1] != w[1])
            throw new ArgumentException($"{op}: input {x} and weight {w} are not compatible (need [N, C, H, W] and [O, C, kH, kW]).");
        var (h, wd, kh, kw) = (x[2], x[3], w[2], w[3]);
        if (h + 2 * padding < kh || wd + 2 * padding < kw)
            throw new ArgumentException($"{op}: kernel {kh}x{kw} is larger than the padded input {h + 2 * padding}x{wd + 2 * padding} (input {x}, padding {padding}).");
        return new ConvDims(x[0], x[1], h, wd, w[0], kh, kw, stride, padding, (h + 2 * padding - kh) / stride + 1, (wd + 2 * padding - kw) / stride + 1);
    }

    /// <summary>
    /// ConvTranspose2d: x [N, Cin, Hi, Wi] is the patch side, w [Cin, Cout, kH, kW]; the output image
    /// is [N, Cout, (Hi - 1) s - 2p + kH, (Wi - 1) s - 2p + kW] (relationship 14, no output padding).
    /// </summary>
    public static ConvDims ForTranspose(Shape x, Shape w, int stride, int padding, string op = "ConvTranspose2d")
    {
        CheckArguments(op, stride, padding);
        if (x.Rank != 4 || w.Rank != 4 || x[1] != w[0])
            throw new ArgumentException($"{op}: input {x} and weight {w} are not compatible (need [N, Cin, H, W] and [Cin, Cout, kH, kW]).");
        var (kh, kw) = (w[2], w[3]);
        var (h, wd) = ((x[2] - 1) * stride - 2 * padding + kh, (x[3] - 1) * stride - 2 * padding + kw);
        if (h < 1 || wd < 1)
            throw new ArgumentException($"{op}: input {x} with weight {w}, stride {stride} and padding {padding} gives an empty output {h}x{wd}.");
        return new ConvDims(x[0], w[1], h, wd, x[1], kh, kw, stride, padding, x[2], x[3]);
    }

    public static void CheckBias(string op, Tensor? b, int channels, Shape w)
    {
        if (b is not null && (b.Shape.Rank != 1 || b.Size != channels))
            throw new ArgumentException($"{op}: bias shape {b.Shape} does not match weight shape {w} (need [{channels}]).");
    }

    /// <summary>A pooled scratch array of at least <paramref name="size"/> floats; give it back with <see cref="ReturnScratch"/>.</summary>
    public static float[] RentScratch(int size) => TensorPool.Current.RentArray(size);

    public static void ReturnScratch(float[] scratch) => TensorPool.Current.ReturnArray(scratch);
}
