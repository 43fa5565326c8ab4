using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Framework.Kernels;

/// <summary>
/// AVX-512 micro-kernel: a 10 x 32 tile held in 20 zmm accumulators (of 32), two B vectors and one
/// broadcast per k step. Ten rows keep both FMA units busy past their latency and divide the VAE's
/// batch sizes (20, 100) exactly. Edge tiles use masked loads and stores (which never fault past the
/// mask), so B can be read in place to its last column and nothing outside the tile is written;
/// a tile of at most 16 columns runs the half-width loop. A comes packed or in place through a row
/// stride: either way each broadcast is one load with a register offset, so both run at the same speed.
/// </summary>
internal readonly unsafe struct GemmKernelAvx512 : IGemmMicroKernel
{
    public static int Mr => 10;
    public static int Nr => 32;
    public static bool MasksEdges => true;
    public static bool ReadsAInPlace => true;

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>How many k steps ahead B is prefetched (about 1 KB for a packed panel); 4 to 16 measure alike.</summary>
    private const int PrefetchSteps = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    public static void Run(int kc, float* a, nint lda, float* b, nint bStride, float* c, nint ldc, bool accumulate, int rows, int cols)
    {
        // Row r of A at a + r * rowStride, advancing kStep per k step: packed (1, Mr) or in place (lda, 1).
        var (rowStride, kStep) = lda == 0 ? ((nint)1, (nint)Mr) : (lda, (nint)1);
        if (cols == 32) Core(kc, a, rowStride, kStep, b, bStride, c, ldc, accumulate, rows, default, default, masked: false, half: false);
        else
        {
            var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var m0 = Vector512.LessThan(lane, Vector512.Create(cols)).AsSingle();
            var m1 = Vector512.LessThan(lane, Vector512.Create(cols - 16)).AsSingle();
            if (cols > 16) Core(kc, a, rowStride, kStep, b, bStride, c, ldc, accumulate, rows, m0, m1, masked: true, half: false);
            else Core(kc, a, rowStride, kStep, b, bStride, c, ldc, accumulate, rows, m0, m1, masked: true, half: true);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Core(
        int kc, float* a, nint rowStride, nint kStep, float* b, nint bStride, float* c, nint ldc, bool accumulate, int rows,
        Vector512<float> m0, Vector512<float> m1, bool masked, bool half)
    {
        // Rows 0-4 from a0, rows 5-9 from a5, at offsets 0, o1 .. o4: one address register each.
        nint o1 = rowStride, o2 = 2 * rowStride, o3 = 3 * rowStride, o4 = 4 * rowStride;
        var a0 = a;
        var a5 = a + 5 * rowStride;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        // C is touched once, after the loop: start its lines on their way now.
        for (var r = 0; r < rows; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 31);
        }
        for (var p = 0; p < kc; p++)
        {
            // B streams from L2 (packed) or further (read in place): ask for it a few steps ahead.
            Sse.Prefetch0(b + PrefetchSteps * bStride);
            if (!half) Sse.Prefetch0(b + PrefetchSteps * bStride + 16);
            var b0 = masked ? Avx512F.MaskLoad(b, m0, default) : Vector512.Load(b);
            c00 = Fma(a0, b0, c00); c10 = Fma(a0 + o1, b0, c10); c20 = Fma(a0 + o2, b0, c20);
            c30 = Fma(a0 + o3, b0, c30); c40 = Fma(a0 + o4, b0, c40); c50 = Fma(a5, b0, c50);
            c60 = Fma(a5 + o1, b0, c60); c70 = Fma(a5 + o2, b0, c70); c80 = Fma(a5 + o3, b0, c80);
            c90 = Fma(a5 + o4, b0, c90);
            if (!half)
            {
                var b1 = masked ? Avx512F.MaskLoad(b + 16, m1, default) : Vector512.Load(b + 16);
                c01 = Fma(a0, b1, c01); c11 = Fma(a0 + o1, b1, c11); c21 = Fma(a0 + o2, b1, c21);
                c31 = Fma(a0 + o3, b1, c31); c41 = Fma(a0 + o4, b1, c41); c51 = Fma(a5, b1, c51);
                c61 = Fma(a5 + o1, b1, c61); c71 = Fma(a5 + o2, b1, c71); c81 = Fma(a5 + o3, b1, c81);
                c91 = Fma(a5 + o4, b1, c91);
            }
            a0 += kStep;
            a5 += kStep;
            b += bStride;
        }
        // Rows past the edge of C hold products of A's zero padding; they are simply not stored.
        Store(c, accumulate, c00, c01, m0, m1, masked, half); if (rows == 1) return; c += ldc;
        Store(c, accumulate, c10, c11, m0, m1, masked, half); if (rows == 2) return; c += ldc;
        Store(c, accumulate, c20, c21, m0, m1, masked, half); if (rows == 3) return; c += ldc;
        Store(c, accumulate, c30, c31, m0, m1, masked, half); if (rows == 4) return; c += ldc;
        Store(c, accumulate, c40, c41, m0, m1, masked, half); if (rows == 5) return; c += ldc;
        Store(c, accumulate, c50, c51, m0, m1, masked, half); if (rows == 6) return; c += ldc;
        Store(c, accumulate, c60, c61, m0, m1, masked, half); if (rows == 7) return; c += ldc;
        Store(c, accumulate, c70, c71, m0, m1, masked, half); if (rows == 8) return; c += ldc;
        Store(c, accumulate, c80, c81, m0, m1, masked, half); if (rows == 9) return; c += ldc;
        Store(c, accumulate, c90, c91, m0, m1, masked, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(float* a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.FusedMultiplyAdd(Vector512.Create(*a), b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(
        float* c, bool accumulate, Vector512<float> v0, Vector512<float> v1,
        Vector512<float> m0, Vector512<float> m1, bool masked, bool half)
    {
        if (!masked)
        {
            if (accumulate)
            {
                v0 += Vector512.Load(c);
                v1 += Vector512.Load(c + 16);
            }
            Vector512.Store(v0, c);
            Vector512.Store(v1, c + 16);
            return;
        }
        if (accumulate) v0 += Avx512F.MaskLoad(c, m0, default);
        Avx512F.MaskStore(c, m0, v0);
        if (half) return;
        if (accumulate) v1 += Avx512F.MaskLoad(c + 16, m1, default);
        Avx512F.MaskStore(c + 16, m1, v1);
    }
}
