using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Framework.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the micro-panel layouts the micro-kernels stream through,
/// taking care of the transposes here so the kernels only ever see one layout. Panels past the edge of
/// the matrix are padded with zeros, so edge tiles run the same kernel.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// op(A)[i0 .. i0+mc, p0 .. p0+kc] into ceil(mc/mr) panels of kc x mr values: dst[panel][p][r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    public static void PackA(bool transA, float* a, nint lda, int i0, int mc, int p0, int kc, int mr, float* dst)
    {
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            var panel = dst + (nint)ir * kc;
            if (transA)
            {
                // Stored [k x m]: the mr values of one k step are contiguous already.
                var src = a + (nint)p0 * lda + i0 + ir;
                var vectorRows = Vector256.IsHardwareAccelerated ? rows & ~7 : 0;
                for (var p = 0; p < kc; p++, src += lda, panel += mr)
                {
                    var r = 0;
                    for (; r < vectorRows; r += 8) Vector256.Store(Vector256.Load(src + r), panel + r);
                    for (; r < rows; r++) panel[r] = src[r];
                    for (; r < mr; r++) panel[r] = 0f;
                }
            }
            else
            {
                // Stored [m x k]: a transpose. Whole 8 x 8 blocks go through registers, the rest one by one.
                var r0 = 0;
                var kc8 = 0;
                if (Avx.IsSupported)
                {
                    kc8 = kc & ~7;
                    for (; r0 + 8 <= rows; r0 += 8)
                    {
                        var src = a + (nint)(i0 + ir + r0) * lda + p0;
                        for (var p = 0; p < kc8; p += 8) Transpose8x8(src + p, lda, panel + p * mr + r0, mr);
                    }
                }
                for (var r = 0; r < rows; r++)
                {
                    if (r < r0) { CopyColumn(a + (nint)(i0 + ir + r) * lda + p0, kc8, kc, panel + r, mr); continue; }
                    var src = a + (nint)(i0 + ir + r) * lda + p0;
                    var d = panel + r;
                    var p = 0;
                    for (; p + 4 <= kc; p += 4, d += 4 * mr)
                    {
                        d[0] = src[p];
                        d[mr] = src[p + 1];
                        d[2 * mr] = src[p + 2];
                        d[3 * mr] = src[p + 3];
                    }
                    for (; p < kc; p++, d += mr) *d = src[p];
                }
                for (var r = rows; r < mr; r++)
                {
                    var d = panel + r;
                    for (var p = 0; p < kc; p++, d += mr) *d = 0f;
                }
            }
        }
    }

    /// <summary>
    /// op(B)[p0 .. p0+kc, j0 .. j0+nc] into ceil(nc/nr) panels of kc x nr values: dst[panel][p][j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    public static void PackB(bool transB, float* b, nint ldb, int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var panel = dst + (nint)jr * kc;
            if (!transB)
            {
                // Stored [k x n]: each k step is a contiguous run of the panel's columns.
                var src = b + (nint)p0 * ldb + j0 + jr;
                if (cols == nr && Vector256.IsHardwareAccelerated && nr % 8 == 0)
                {
                    // The common case, a few vectors per k step: inline copies beat a memmove call.
                    for (var p = 0; p < kc; p++, src += ldb, panel += nr)
                        for (var j = 0; j < nr; j += 8) Vector256.Store(Vector256.Load(src + j), panel + j);
                }
                else
                {
                    for (var p = 0; p < kc; p++, src += ldb, panel += nr)
                    {
                        var j = 0;
                        for (; j < cols; j++) panel[j] = src[j];
                        for (; j < nr; j++) panel[j] = 0f;
                    }
                }
            }
            else
            {
                // Stored [n x k]: a transpose. Whole 8 x 8 blocks go through registers, the rest one by one.
                var j0r = 0;
                var kc8 = 0;
                if (Avx.IsSupported)
                {
                    kc8 = kc & ~7;
                    for (; j0r + 8 <= cols; j0r += 8)
                    {
                        var src = b + (nint)(j0 + jr + j0r) * ldb + p0;
                        for (var p = 0; p < kc8; p += 8) Transpose8x8(src + p, ldb, panel + p * nr + j0r, nr);
                    }
                }
                for (var j = 0; j < cols; j++)
                {
                    if (j < j0r) { CopyColumn(b + (nint)(j0 + jr + j) * ldb + p0, kc8, kc, panel + j, nr); continue; }
                    var src = b + (nint)(j0 + jr + j) * ldb + p0;
                    var d = panel + j;
                    var p = 0;
                    for (; p + 4 <= kc; p += 4, d += 4 * nr)
                    {
                        d[0] = src[p];
                        d[nr] = src[p + 1];
                        d[2 * nr] = src[p + 2];
                        d[3 * nr] = src[p + 3];
                    }
                    for (; p < kc; p++, d += nr) *d = src[p];
                }
                for (var j = cols; j < nr; j++)
                {
                    var d = panel + j;
                    for (var p = 0; p < kc; p++, d += nr) *d = 0f;
                }
            }
        }
    }

    /// <summary>The tail of a transposed column: dst[p * stride] = src[p] for p in [from, to).</summary>
    private static void CopyColumn(float* src, int from, int to, float* dst, nint stride)
    {
        for (var p = from; p < to; p++) dst[p * stride] = src[p];
    }

    /// <summary>dst[c * dstStride + r] = src[r * srcStride + c] for an 8 x 8 block.</summary>
    /// <remarks>
    /// The first stage (pairing row r with row r + 4 per 128-bit half) is done by the loads themselves
    /// (vinsertf128 from memory), leaving 16 in-lane shuffles: the shuffle port is what limits a transpose.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var s4 = 4 * srcStride;
        var t0 = Vector256.Create(Vector128.Load(src), Vector128.Load(src + s4));
        var t1 = Vector256.Create(Vector128.Load(src + srcStride), Vector128.Load(src + srcStride + s4));
        var t2 = Vector256.Create(Vector128.Load(src + 2 * srcStride), Vector128.Load(src + 2 * srcStride + s4));
        var t3 = Vector256.Create(Vector128.Load(src + 3 * srcStride), Vector128.Load(src + 3 * srcStride + s4));
        var t4 = Vector256.Create(Vector128.Load(src + 4), Vector128.Load(src + s4 + 4));
        var t5 = Vector256.Create(Vector128.Load(src + srcStride + 4), Vector128.Load(src + srcStride + s4 + 4));
        var t6 = Vector256.Create(Vector128.Load(src + 2 * srcStride + 4), Vector128.Load(src + 2 * srcStride + s4 + 4));
        var t7 = Vector256.Create(Vector128.Load(src + 3 * srcStride + 4), Vector128.Load(src + 3 * srcStride + s4 + 4));
        Transpose4x4InLanes(t0, t1, t2, t3, dst, dstStride);
        Transpose4x4InLanes(t4, t5, t6, t7, dst + 4 * dstStride, dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4InLanes(Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, float* dst, nint dstStride)
    {
        var u0 = Avx.UnpackLow(t0, t1);
        var u1 = Avx.UnpackHigh(t0, t1);
        var u2 = Avx.UnpackLow(t2, t3);
        var u3 = Avx.UnpackHigh(t2, t3);
        Vector256.Store(Avx.Shuffle(u0, u2, 0x44), dst);
        Vector256.Store(Avx.Shuffle(u0, u2, 0xEE), dst + dstStride);
        Vector256.Store(Avx.Shuffle(u1, u3, 0x44), dst + 2 * dstStride);
        Vector256.Store(Avx.Shuffle(u1, u3, 0xEE), dst + 3 * dstStride);
    }
}
