using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Framework.Kernels;

/// <summary>
/// C (+)= A * B^T for few rows of A, without packing: both operands are contiguous along k, so each
/// element is a dot product. A 4 x 4 tile keeps 16 zmm accumulators of k-partial sums, then reduces
/// them with a fixed shuffle tree. For the backward product dX = dY * W^T at small batch sizes this
/// beats the packed kernel, whose transposing pack of B would cost about as much as the product.
/// </summary>
internal static unsafe class GemmDotAvx512
{
    /// <summary>Most rows of A for which the dot form wins (measured: +14% at 20 rows, even at 40, behind at 48).</summary>
    public const int MaxRows = 32;

    /// <summary>Shortest k for the dot form: the reduction costs about as much as 30 k steps of FMAs.</summary>
    public const int MinK = 64;

    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    public static void Run(in GemmProblem g, int m0, int m1, int n0, int n1)
    {
        var tail = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(g.K & 15)).AsSingle();
        // Columns outer: four rows of B stay in L1 while every row tile of A (all of A: few rows) passes.
        for (var j = n0; j < n1; j += 4)
        {
            var cols = Math.Min(4, n1 - j);
            // Past the edge, repeat the last valid row: always in bounds, the results are not stored.
            var b0 = g.B + j * g.Ldb;
            var b1 = g.B + Math.Min(j + 1, n1 - 1) * g.Ldb;
            var b2 = g.B + Math.Min(j + 2, n1 - 1) * g.Ldb;
            var b3 = g.B + Math.Min(j + 3, n1 - 1) * g.Ldb;
            for (var i = m0; i < m1; i += 4)
            {
                var rows = Math.Min(4, m1 - i);
                var a0 = g.A + i * g.Lda;
                var a1 = g.A + Math.Min(i + 1, m1 - 1) * g.Lda;
                var a2 = g.A + Math.Min(i + 2, m1 - 1) * g.Lda;
                var a3 = g.A + Math.Min(i + 3, m1 - 1) * g.Lda;
                Tile(g.K, a0, a1, a2, a3, b0, b1, b2, b3, tail, g.C + i * g.Ldc + j, g.Ldc, g.Accumulate, rows, cols);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(
        int k, float* a0, float* a1, float* a2, float* a3, float* b0, float* b1, float* b2, float* b3,
        Vector512<float> tail, float* c, nint ldc, bool accumulate, int rows, int cols)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        var p = 0;
        for (; p + 16 <= k; p += 16)
        {
            Step(Vector512.Load(a0 + p), Vector512.Load(a1 + p), Vector512.Load(a2 + p), Vector512.Load(a3 + p),
                Vector512.Load(b0 + p), Vector512.Load(b1 + p), Vector512.Load(b2 + p), Vector512.Load(b3 + p),
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13,
                ref c20, ref c21, ref c22, ref c23, ref c30, ref c31, ref c32, ref c33);
        }
        if (p < k)
        {
            // Masked loads read nothing past k (no fault) and give zeros there.
            Step(Avx512F.MaskLoad(a0 + p, tail, default), Avx512F.MaskLoad(a1 + p, tail, default),
                Avx512F.MaskLoad(a2 + p, tail, default), Avx512F.MaskLoad(a3 + p, tail, default),
                Avx512F.MaskLoad(b0 + p, tail, default), Avx512F.MaskLoad(b1 + p, tail, default),
                Avx512F.MaskLoad(b2 + p, tail, default), Avx512F.MaskLoad(b3 + p, tail, default),
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13,
                ref c20, ref c21, ref c22, ref c23, ref c30, ref c31, ref c32, ref c33);
        }

        // z_j: 128-bit lane r holds four partials of C[r, j]; sums: lane r, element j is C[r, j].
        var sums = Combine(Reduce(c00, c10, c20, c30), Reduce(c01, c11, c21, c31), Reduce(c02, c12, c22, c32), Reduce(c03, c13, c23, c33));
        StoreRow(c, Avx512F.ExtractVector128(sums, 0), accumulate, cols);
        if (rows > 1) StoreRow(c + ldc, Avx512F.ExtractVector128(sums, 1), accumulate, cols);
        if (rows > 2) StoreRow(c + 2 * ldc, Avx512F.ExtractVector128(sums, 2), accumulate, cols);
        if (rows > 3) StoreRow(c + 3 * ldc, Avx512F.ExtractVector128(sums, 3), accumulate, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3,
        Vector512<float> y0, Vector512<float> y1, Vector512<float> y2, Vector512<float> y3,
        ref Vector512<float> c00, ref Vector512<float> c01, ref Vector512<float> c02, ref Vector512<float> c03,
        ref Vector512<float> c10, ref Vector512<float> c11, ref Vector512<float> c12, ref Vector512<float> c13,
        ref Vector512<float> c20, ref Vector512<float> c21, ref Vector512<float> c22, ref Vector512<float> c23,
        ref Vector512<float> c30, ref Vector512<float> c31, ref Vector512<float> c32, ref Vector512<float> c33)
    {
        c00 = Avx512F.FusedMultiplyAdd(x0, y0, c00); c01 = Avx512F.FusedMultiplyAdd(x0, y1, c01);
        c02 = Avx512F.FusedMultiplyAdd(x0, y2, c02); c03 = Avx512F.FusedMultiplyAdd(x0, y3, c03);
        c10 = Avx512F.FusedMultiplyAdd(x1, y0, c10); c11 = Avx512F.FusedMultiplyAdd(x1, y1, c11);
        c12 = Avx512F.FusedMultiplyAdd(x1, y2, c12); c13 = Avx512F.FusedMultiplyAdd(x1, y3, c13);
        c20 = Avx512F.FusedMultiplyAdd(x2, y0, c20); c21 = Avx512F.FusedMultiplyAdd(x2, y1, c21);
        c22 = Avx512F.FusedMultiplyAdd(x2, y2, c22); c23 = Avx512F.FusedMultiplyAdd(x2, y3, c23);
        c30 = Avx512F.FusedMultiplyAdd(x3, y0, c30); c31 = Avx512F.FusedMultiplyAdd(x3, y1, c31);
        c32 = Avx512F.FusedMultiplyAdd(x3, y2, c32); c33 = Avx512F.FusedMultiplyAdd(x3, y3, c33);
    }

    /// <summary>Four vectors to one: 128-bit lane r holds four partial sums of x_r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reduce(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        var y01 = Avx512F.Shuffle4x128(x0, x1, 0x44) + Avx512F.Shuffle4x128(x0, x1, 0xEE);
        var y23 = Avx512F.Shuffle4x128(x2, x3, 0x44) + Avx512F.Shuffle4x128(x2, x3, 0xEE);
        return Avx512F.Shuffle4x128(y01, y23, 0x88) + Avx512F.Shuffle4x128(y01, y23, 0xDD);
    }

    /// <summary>In every 128-bit lane: element j becomes the sum of the four values of z_j in that lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Combine(Vector512<float> z0, Vector512<float> z1, Vector512<float> z2, Vector512<float> z3)
    {
        var s01 = Avx512F.UnpackLow(z0, z1) + Avx512F.UnpackHigh(z0, z1);
        var s23 = Avx512F.UnpackLow(z2, z3) + Avx512F.UnpackHigh(z2, z3);
        return Avx512F.UnpackLow(s01.AsDouble(), s23.AsDouble()).AsSingle() + Avx512F.UnpackHigh(s01.AsDouble(), s23.AsDouble()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector128<float> v, bool accumulate, int cols)
    {
        if (cols == 4)
        {
            if (accumulate) v += Vector128.Load(c);
            Vector128.Store(v, c);
            return;
        }
        for (var j = 0; j < cols; j++) c[j] = accumulate ? v.GetElement(j) + c[j] : v.GetElement(j);
    }
}
