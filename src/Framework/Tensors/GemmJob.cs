namespace Research.Framework.Tensors;

/// <summary>
/// A product shared out over the thread team: C is cut into as many stripes as threads, along the
/// dimension with more register tiles, in whole tiles; each thread runs the blocked driver on its own
/// stripe with its own pack buffers. One reusable instance per calling thread, so dispatch allocates nothing.
/// </summary>
internal sealed class GemmJob : IParallelWork
{
    [ThreadStatic] private static GemmJob? t_current;

    private GemmProblem _problem;
    private GemmKernelPath _path;
    private bool _splitRows;

    public static GemmJob ForCurrentThread => t_current ??= new GemmJob();

    public void Set(in GemmProblem problem, GemmKernelPath path, bool splitRows)
    {
        _problem = problem;
        _path = path;
        _splitRows = splitRows;
    }

    public void Execute(int index, int count)
    {
        var (mr, nr) = Gemm.TileOf(_path);
        int m0 = 0, m1 = _problem.M, n0 = 0, n1 = _problem.N;
        if (_splitRows) (m0, m1) = Share(_problem.M, mr, index, count);
        else (n0, n1) = Share(_problem.N, nr, index, count);
        if (m0 >= m1 || n0 >= n1) return;

        var ws = GemmWorkspace.ForCurrentThread;
        switch (_path)
        {
            case GemmKernelPath.Avx512: GemmDriver.Run<GemmKernelAvx512>(_problem, m0, m1, n0, n1, ws); break;
            case GemmKernelPath.Avx2: GemmDriver.Run<GemmKernelAvx2>(_problem, m0, m1, n0, n1, ws); break;
            default: GemmDriver.Run<GemmKernelPortable>(_problem, m0, m1, n0, n1, ws); break;
        }
    }

    /// <summary>Stripe <paramref name="index"/> of <paramref name="count"/> over [0, length) in whole tiles, sizes differing by at most one tile.</summary>
    private static (int Start, int End) Share(int length, int tile, int index, int count)
    {
        var tiles = (length + tile - 1) / tile;
        var start = (int)((long)tiles * index / count) * tile;
        var end = (int)((long)tiles * (index + 1) / count) * tile;
        return (Math.Min(start, length), Math.Min(end, length));
    }
}
