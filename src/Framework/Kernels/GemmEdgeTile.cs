namespace Research.Framework.Kernels;

/// <summary>
/// Edge tiles for kernels without masked loads and stores: the full tile is computed into a scratch
/// tile and only its valid part is written to C, adding C last exactly as a full tile does.
/// </summary>
internal static unsafe class GemmEdgeTile
{
    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>A pinned per-thread scratch tile of at least <paramref name="length"/> floats.</summary>
    public static float* Scratch(int length)
    {
        var s = t_scratch;
        if (s is null || s.Length < length) t_scratch = s = GC.AllocateUninitializedArray<float>(length, pinned: true);
        return (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref s[0]);
    }

    public static void Merge(float* tile, int nr, float* c, nint ldc, int rows, int cols, bool accumulate)
    {
        for (var r = 0; r < rows; r++, tile += nr, c += ldc)
        {
            if (accumulate) for (var j = 0; j < cols; j++) c[j] = tile[j] + c[j];
            else for (var j = 0; j < cols; j++) c[j] = tile[j];
        }
    }
}
