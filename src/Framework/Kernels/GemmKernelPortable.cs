using System.Numerics;
using System.Runtime.CompilerServices;

namespace Research.Framework.Kernels;

/// <summary>
/// Portable micro-kernel on <see cref="Vector{T}"/> (whatever width the hardware offers, or software):
/// a 4 x (2 vectors) tile with separate multiply and add, so it needs no FMA instruction.
/// </summary>
internal readonly unsafe struct GemmKernelPortable : IGemmMicroKernel
{
    public static int Mr => 4;
    public static int Nr => 2 * Vector<float>.Count;
    public static bool MasksEdges => false;
    public static bool ReadsAInPlace => false;

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
        var w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + w);
            var a0 = new Vector<float>(a[0]);
            c00 += a0 * b0; c01 += a0 * b1;
            var a1 = new Vector<float>(a[1]);
            c10 += a1 * b0; c11 += a1 * b1;
            var a2 = new Vector<float>(a[2]);
            c20 += a2 * b0; c21 += a2 * b1;
            var a3 = new Vector<float>(a[3]);
            c30 += a3 * b0; c31 += a3 * b1;
            a += 4;
            b += bStride;
        }
        Store(c, accumulate, c00, c01); c += ldc;
        Store(c, accumulate, c10, c11); c += ldc;
        Store(c, accumulate, c20, c21); c += ldc;
        Store(c, accumulate, c30, c31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, bool accumulate, Vector<float> v0, Vector<float> v1)
    {
        var w = Vector<float>.Count;
        if (accumulate)
        {
            v0 += Vector.Load(c);
            v1 += Vector.Load(c + w);
        }
        Vector.Store(v0, c);
        Vector.Store(v1, c + w);
    }
}
