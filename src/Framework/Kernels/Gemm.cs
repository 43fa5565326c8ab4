namespace Research.Framework.Kernels;

/// <summary>
/// General matrix multiply on row-major float32 spans: C = op(A) * op(B) (+ C when accumulating),
/// where op(X) is X or its transpose. The hot loop of training: packed, cache-blocked, register-tiled
/// SIMD kernels (AVX-512, AVX2/FMA, or portable), shared over <see cref="ThreadTeam"/> when it pays.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>
    /// Products below this many flops (2mnk) run on the calling thread; above it each thread gets at least
    /// half of it. A hand-off costs about 1.5 us (a hot worker), but a split product leaves half of its
    /// output in the other core's cache for the serial ops after it: alone, 20x400x200 (3.2 Mflop) ran 1.5x
    /// faster on two threads, yet in training (VAE K=1, batch 20, 784-200-200-50: products of 6.3 Mflop)
    /// a 3 Mflop threshold made two threads 30% slower than one; at 10 Mflop they are level, and the
    /// larger products (K >= 5) keep their gain (runner, 3 rounds, 2026-12-03).
    /// </summary>
    internal const long ParallelMinFlops = 10_000_000;

    /// <summary>
    /// Row-major A and B are read in place (no pack) when A has at most this many rows: a pack is a pass
    /// over the operand that only pays when many row panels reuse the packed B, or (for A) when the row
    /// panel is reused across many column panels. Measured at width 200 and k = 784: in place wins or
    /// ties up to 300 to 600 rows, by 4% to 12% for A at 20 to 60 rows.
    /// </summary>
    internal const int InPlaceMaxRows = 320;

    /// <summary>
    /// ... unless the operand's rows lie a multiple of this many floats apart (1 KB): then the rows of a
    /// panel fall into the same few cache sets and thrash (100 x 1024 x 1024 ran about 10% slower in place).
    /// </summary>
    internal const int AliasingStride = 256;

    private static readonly GemmKernelPath DetectedPath =
        GemmKernelAvx512.IsSupported ? GemmKernelPath.Avx512
        : GemmKernelAvx2.IsSupported ? GemmKernelPath.Avx2
        : GemmKernelPath.Portable;

    /// <summary>Forces a kernel path (tests cover every path the machine can run); null for the best one.</summary>
    internal static GemmKernelPath? ForcedPath { get; set; }

    internal static GemmKernelPath Path => ForcedPath ?? DetectedPath;

    /// <summary>The micro-kernel in use, for logs: "avx512", "avx2" or "portable".</summary>
    public static string KernelName => Path switch
    {
        GemmKernelPath.Avx512 => "avx512",
        GemmKernelPath.Avx2 => "avx2",
        _ => "portable",
    };

    /// <summary>The units in which rows and columns of C are shared between threads.</summary>
    internal static (int Rows, int Columns) SplitGrainOf(GemmKernelPath path) => path switch
    {
        GemmKernelPath.Avx512 => (GemmKernelAvx512.Mr, GemmKernelAvx512.Nr / 2),
        GemmKernelPath.Avx2 => (GemmKernelAvx2.Mr, GemmKernelAvx2.Nr),
        _ => (GemmKernelPortable.Mr, GemmKernelPortable.Nr),
    };

    /// <summary>
    /// C[m x n] (+)= op(A)[m x k] * op(B)[k x n]. A is stored [m x k] (or [k x m] when
    /// <paramref name="transA"/>), B is stored [k x n] (or [n x k] when <paramref name="transB"/>);
    /// leading dimensions are the row lengths as stored. Without <paramref name="accumulate"/> C is
    /// overwritten and never read. Bitwise reproducible for a given kernel path and thread count.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        CheckOperand(nameof(c), c.Length, m, n, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) for (var i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }

        var path = Path;
        var (rowGrain, columnGrain) = SplitGrainOf(path);
        var rowGrains = (m + rowGrain - 1) / rowGrain;
        var columnGrains = (n + columnGrain - 1) / columnGrain;
        var splitRows = rowGrains > columnGrains;
        var threads = ThreadsFor(2L * m * n * k, splitRows ? rowGrains : columnGrains);

        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem
            {
                TransA = transA, TransB = transB, Accumulate = accumulate,
                M = m, N = n, K = k,
                A = pa, B = pb, C = pc,
                Lda = lda, Ldb = ldb, Ldc = ldc,
                DirectA = !transA && m <= InPlaceMaxRows && lda % AliasingStride != 0,
                DirectB = !transB && m <= InPlaceMaxRows && ldb % AliasingStride != 0,
                DotB = path == GemmKernelPath.Avx512 && transB && !transA
                    && m <= GemmDotAvx512.MaxRows && k >= GemmDotAvx512.MinK,
            };
            var job = GemmJob.ForCurrentThread;
            job.Set(problem, path, splitRows);
            ThreadTeam.Run(job, threads);
        }
    }

    /// <summary>One thread below <see cref="ParallelMinFlops"/>; above, as many as give each at least half of it.</summary>
    private static int ThreadsFor(long flops, int grains)
    {
        if (flops < ParallelMinFlops) return 1;
        return (int)Math.Min(Math.Min(ThreadTeam.ThreadCount, grains), flops / (ParallelMinFlops / 2));
    }

    private static void CheckOperand(string name, int length, int rows, int cols, int ld)
    {
        if (ld < cols)
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} is shorter than the row length {cols}.");
        if (rows > 0 && cols > 0 && length < (long)(rows - 1) * ld + cols)
            throw new ArgumentException($"Span of {length} values is too short for {rows} x {cols} with leading dimension {ld}.", name);
    }
}
