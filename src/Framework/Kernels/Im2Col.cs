namespace Research.Framework.Kernels;

/// <summary>
/// The patch matrix of a 2-D convolution and its adjoint (Chellapilla, Puri and Simard 2006,
/// "High Performance Convolutional Neural Networks for Document Processing", section 2.1): im2col
/// lays every kH x kW patch of a [C, H, W] image out as a column of a [C kH kW, Ho Wo] matrix, so a
/// convolution is one GEMM; col2im adds such a matrix back onto the image (the transpose of im2col,
/// which the backward pass and the transposed convolution need). Zero padding is implicit.
/// </summary>
public static class Im2Col
{
    /// <summary>
    /// col[(c kH + i) kW + j, oy Wo + ox] = image[c, oy s - p + i, ox s - p + j] (0 outside the image).
    /// </summary>
    public static void Unfold(ReadOnlySpan<float> image, int channels, int height, int width, int kernelH, int kernelW,
        int stride, int padding, int outH, int outW, Span<float> col)
    {
        var plane = outH * outW;
        for (var c = 0; c < channels; c++)
        {
            var src = image.Slice(c * height * width, height * width);
            for (var i = 0; i < kernelH; i++)
            for (var j = 0; j < kernelW; j++)
            {
                var row = col.Slice(((c * kernelH + i) * kernelW + j) * plane, plane);
                for (var oy = 0; oy < outH; oy++)
                {
                    var y = oy * stride - padding + i;
                    var dst = row.Slice(oy * outW, outW);
                    if ((uint)y >= (uint)height)
                    {
                        dst.Clear();
                        continue;
                    }
                    var line = src.Slice(y * width, width);
                    if (stride == 1)
                    {
                        // x = ox - p + j runs over a contiguous range: copy it, zero the rest.
                        var (first, last) = (Math.Max(0, padding - j), Math.Min(outW, width + padding - j));
                        if (first >= last)
                        {
                            dst.Clear();
                            continue;
                        }
                        dst[..first].Clear();
                        line.Slice(first - padding + j, last - first).CopyTo(dst[first..last]);
                        dst[last..].Clear();
                        continue;
                    }
                    for (var ox = 0; ox < outW; ox++)
                    {
                        var x = ox * stride - padding + j;
                        dst[ox] = (uint)x < (uint)width ? line[x] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Unfold"/>: image[c, y, x] += every col entry that Unfold reads from it.</summary>
    public static void FoldAdd(ReadOnlySpan<float> col, int channels, int height, int width, int kernelH, int kernelW,
        int stride, int padding, int outH, int outW, Span<float> image)
    {
        var plane = outH * outW;
        for (var c = 0; c < channels; c++)
        {
            var dstPlane = image.Slice(c * height * width, height * width);
            for (var i = 0; i < kernelH; i++)
            for (var j = 0; j < kernelW; j++)
            {
                var row = col.Slice(((c * kernelH + i) * kernelW + j) * plane, plane);
                for (var oy = 0; oy < outH; oy++)
                {
                    var y = oy * stride - padding + i;
                    if ((uint)y >= (uint)height) continue;
                    var line = dstPlane.Slice(y * width, width);
                    var src = row.Slice(oy * outW, outW);
                    if (stride == 1)
                    {
                        var (first, last) = (Math.Max(0, padding - j), Math.Min(outW, width + padding - j));
                        if (first >= last) continue;
                        var target = line.Slice(first - padding + j, last - first);
                        TensorPrimitives.Add(target, src[first..last], target);
                        continue;
                    }
                    for (var ox = 0; ox < outW; ox++)
                    {
                        var x = ox * stride - padding + j;
                        if ((uint)x < (uint)width) line[x] += src[ox];
                    }
                }
            }
        }
    }
}
