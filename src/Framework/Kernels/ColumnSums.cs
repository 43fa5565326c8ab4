namespace Research.Framework.Kernels;

/// <summary>
/// destination[j] += Σ_r values[r, j] over a row-major [rows, columns] block: the sum of the rows (a bias
/// gradient; Sum over a non-last axis). Each column adds its rows in order; a large block is cut into column
/// stripes over the thread team, which leaves every sum's order unchanged: bitwise the serial result for any
/// thread count.
/// </summary>
internal sealed unsafe class ColumnSums : IParallelWork
{
    /// <summary>Values below which the sum runs on the calling thread (a 1 MiB read is worth a hand-off).</summary>
    private const int ParallelMinValues = 1 << 18;

    /// <summary>Stripes are whole multiples of this many columns (a cache line and an AVX-512 vector).</summary>
    private const int StripeGrain = 16;

    [ThreadStatic] private static ColumnSums? _forThread;

    private float* _values, _destination;
    private int _rows, _columns;

    public static void AddTo(ReadOnlySpan<float> values, int rows, int columns, Span<float> destination)
    {
        if (values.Length < (long)rows * columns || destination.Length < columns)
            throw new ArgumentException($"ColumnSums: {values.Length} values and {destination.Length} outputs for [{rows}, {columns}].");
        var grains = (columns + StripeGrain - 1) / StripeGrain;
        var threads = (long)rows * columns < ParallelMinValues ? 1 : Math.Max(1, Math.Min(ThreadTeam.ThreadCount, grains));
        var job = _forThread ??= new ColumnSums();
        fixed (float* pv = values, pd = destination)
        {
            job._values = pv;
            job._destination = pd;
            (job._rows, job._columns) = (rows, columns);
            try { ThreadTeam.Run(job, threads); }
            finally { job._values = job._destination = null; }
        }
    }

    public void Execute(int index, int count)
    {
        var grains = (_columns + StripeGrain - 1) / StripeGrain;
        var c0 = Math.Min(_columns, (int)((long)grains * index / count) * StripeGrain);
        var c1 = Math.Min(_columns, (int)((long)grains * (index + 1) / count) * StripeGrain);
        if (c0 >= c1) return;
        var sums = new Span<float>(_destination + c0, c1 - c0);
        for (var r = 0; r < _rows; r++)
            TensorPrimitives.Add(sums, new ReadOnlySpan<float>(_values + (long)r * _columns + c0, c1 - c0), sums);
    }
}
