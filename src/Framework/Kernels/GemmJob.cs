namespace Research.Framework.Kernels;

/// <summary>
/// A product shared out over the thread team: C is cut into as many stripes as threads, along the
/// dimension with more register tiles, in whole tiles (half tiles of columns where the kernel masks its
/// edges, for balance at VAE widths such as 200); each thread runs the blocked driver on its own stripe
/// with its own pack buffers. One reusable instance per calling thread, so dispatch allocates nothing.
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
        var (rowGrain, columnGrain) = Gemm.SplitGrainOf(_path);
        int m0 = 0, m1 = _problem.M, n0 = 0, n1 = _problem.N;
        if (_splitRows) (m0, m1) = Share(_problem.M, rowGrain, index, count);
        else (n0, n1) = Share(_problem.N, columnGrain, index, count);
        if (m0 >= m1 || n0 >= n1) return;

        if (_problem.DotB)
        {
            GemmDotAvx512.Run(_problem, m0, m1, n0, n1);
            return;
        }
        var ws = GemmWorkspace.ForCurrentThread;
        switch (_path)
        {
            case GemmKernelPath.Avx512: GemmDriver.Run<GemmKernelAvx512>(_problem, m0, m1, n0, n1, ws); break;
            case GemmKernelPath.Avx2: GemmDriver.Run<GemmKernelAvx2>(_problem, m0, m1, n0, n1, ws); break;
            default: GemmDriver.Run<GemmKernelPortable>(_problem, m0, m1, n0, n1, ws); break;
        }
    }

    /// <summary>Stripe <paramref name="index"/> of <paramref name="count"/> over [0, length) in whole grains, sizes differing by at most one grain.</summary>
    private static (int Start, int End) Share(int length, int grain, int index, int count)
    {
        var grains = (length + grain - 1) / grain;
        var start = (int)((long)grains * index / count) * grain;
        var end = (int)((long)grains * (index + 1) / count) * grain;
        return (Math.Min(start, length), Math.Min(end, length));
    }
}
