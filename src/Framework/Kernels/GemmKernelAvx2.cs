using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Framework.Kernels;

/// <summary>
/// AVX2/FMA micro-kernel: the classic 6 x 16 tile, 12 ymm accumulators of the 16 registers,
/// two B vectors and one broadcast per k step.
/// </summary>
internal readonly unsafe struct GemmKernelAvx2 : IGemmMicroKernel
{
    public static int Mr => 6;
    public static int Nr => 16;
    public static bool MasksEdges => false;
    public static bool ReadsAInPlace => false;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    private const int PrefetchSteps = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Madd(float* a, Vector256<float> b, Vector256<float> c) =>
        Fma.MultiplyAdd(Vector256.Create(*a), b, c);

    /// <summary>Full tiles straight into C; edge tiles through a scratch tile (no masked stores here).</summary>
    public static void Run(int kc, float* a, nint lda, float* b, nint bStride, float* c, nint ldc, bool accumulate, int rows, int cols)
    {
        if (rows == Mr && cols == Nr) Full(kc, a, b, bStride, c, ldc, accumulate);
        else
        {
            var tile = GemmEdgeTile.Scratch(Mr * Nr);
            Full(kc, a, b, bStride, tile, Nr, false);
            GemmEdgeTile.Merge(tile, Nr, c, ldc, rows, cols, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 and OSR
    private static void Full(int kc, float* a, float* b, nint bStride, float* c, nint ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // As in the AVX-512 kernel: start C's lines early, fetch B a few steps ahead.
        for (var r = 0; r < 6; r++) Sse.Prefetch0(c + r * ldc);
        for (var p = 0; p < kc; p++)
        {
            Sse.Prefetch0(b + PrefetchSteps * bStride);
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            c00 = Madd(a, b0, c00); c01 = Madd(a, b1, c01);
            c10 = Madd(a + 1, b0, c10); c11 = Madd(a + 1, b1, c11);
            c20 = Madd(a + 2, b0, c20); c21 = Madd(a + 2, b1, c21);
            c30 = Madd(a + 3, b0, c30); c31 = Madd(a + 3, b1, c31);
            c40 = Madd(a + 4, b0, c40); c41 = Madd(a + 4, b1, c41);
            c50 = Madd(a + 5, b0, c50); c51 = Madd(a + 5, b1, c51);
            a += 6;
            b += bStride;
        }
        Store(c, accumulate, c00, c01); c += ldc;
        Store(c, accumulate, c10, c11); c += ldc;
        Store(c, accumulate, c20, c21); c += ldc;
        Store(c, accumulate, c30, c31); c += ldc;
        Store(c, accumulate, c40, c41); c += ldc;
        Store(c, accumulate, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, bool accumulate, Vector256<float> v0, Vector256<float> v1)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }
        Vector256.Store(v0, c);
        Vector256.Store(v1, c + 8);
    }
}
