using System.Diagnostics;
using Research.Framework.Kernels;
using Research.Framework.Randomness;

namespace Research.Framework.Tests.Kernels;

[NonParallelizable] // forces kernel paths and thread counts, which are process-wide
public class GemmTests
{
    private static readonly GemmKernelPath[] SupportedPaths = SupportedKernelPaths();

    [TearDown]
    public void Restore()
    {
        Gemm.ForcedPath = null;
        ThreadTeam.ThreadCount = Environment.ProcessorCount;
    }

    private static GemmKernelPath[] SupportedKernelPaths()
    {
        var paths = new List<GemmKernelPath> { GemmKernelPath.Portable };
        if (GemmKernelAvx2.IsSupported) paths.Add(GemmKernelPath.Avx2);
        if (GemmKernelAvx512.IsSupported) paths.Add(GemmKernelPath.Avx512);
        return [.. paths];
    }

    private static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes =
        [
            [1, 1, 1], [1, 7, 3], [3, 1, 5], [7, 17, 1], [17, 33, 65], [33, 65, 7], [65, 129, 17],
            [10, 32, 16], [11, 33, 17], [20, 200, 784], [129, 3, 33], [300, 257, 513],
            [5, 13, 100], [31, 37, 129], [20, 784, 200], [330, 40, 70], [12, 256, 256],
        ];
        foreach (var path in SupportedPaths)
        foreach (var s in shapes)
        foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            yield return new TestCaseData(path.ToString(), s[0], s[1], s[2], ta, tb)
                .SetName($"Multiply_{path}_{s[0]}x{s[1]}x{s[2]}_{(ta ? "T" : "N")}{(tb ? "T" : "N")}_MatchesReference");
    }

    [TestCaseSource(nameof(Shapes))]
    public void Multiply_AnyShapeAndTranspose_MatchesDoubleReference(string path, int m, int n, int k, bool ta, bool tb)
    {
        Gemm.ForcedPath = Enum.Parse<GemmKernelPath>(path);
        foreach (var accumulate in new[] { false, true })
        {
            var p = Problem.Create(seed: (ulong)(m * 7919 + n * 31 + k), m, n, k, ta, tb, padA: 0, padB: 0, padC: 0);
            p.Run(accumulate);
            p.AssertMatchesReference(accumulate);
        }
    }

    [TestCaseSource(nameof(PathsSource))]
    public void Multiply_LeadingDimensionsLongerThanRows_LeavesPaddingAndMatchesReference(string path)
    {
        Gemm.ForcedPath = Enum.Parse<GemmKernelPath>(path);
        foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        foreach (var accumulate in new[] { false, true })
        {
            var p = Problem.Create(seed: 11, m: 23, n: 41, k: 37, ta, tb, padA: 5, padB: 3, padC: 7);
            p.Run(accumulate);
            p.AssertMatchesReference(accumulate);
            p.AssertPaddingUntouched();
        }
    }

    [TestCaseSource(nameof(PathsSource))]
    public void Multiply_NotAccumulating_IgnoresNaNInC(string path)
    {
        Gemm.ForcedPath = Enum.Parse<GemmKernelPath>(path);
        var p = Problem.Create(seed: 5, m: 13, n: 35, k: 9, false, false, 0, 0, 0);
        p.C.AsSpan().Fill(float.NaN);
        p.Run(accumulate: false);
        Assert.That(p.C, Has.All.Not.NaN);
        p.AssertMatchesReference(accumulate: false);
    }

    [TestCaseSource(nameof(PathsSource))]
    public void Multiply_NaNAndInfinityInInputs_PropagateLikeAProduct(string path)
    {
        Gemm.ForcedPath = Enum.Parse<GemmKernelPath>(path);
        var p = Problem.Create(seed: 6, m: 12, n: 34, k: 8, false, false, 0, 0, 0);
        p.A[2 * 8 + 3] = float.NaN; // row 2 of A: all of row 2 of C is NaN
        p.B[5 * 34 + 7] = 0f;
        p.A[4 * 8 + 5] = float.PositiveInfinity; // with B[5, 7] = 0: C[4, 7] is NaN (inf * 0), no zero skipping
        p.Run(accumulate: false);
        for (var j = 0; j < 34; j++) Assert.That(p.C[2 * 34 + j], Is.NaN, $"C[2, {j}]");
        Assert.That(p.C[4 * 34 + 7], Is.NaN);
        Assert.That(p.C[0], Is.Not.NaN);
    }

    [Test]
    public void Multiply_KZero_OverwritesWithZerosOrLeavesCWhenAccumulating()
    {
        var c = new float[] { 1, 2, 3, float.NaN, 5, 6 };
        Gemm.Multiply(false, false, 2, 3, 0, [], 0, [], 3, c, 3, accumulate: true);
        Assert.That(c[..3], Is.EqualTo(new float[] { 1, 2, 3 }));
        Gemm.Multiply(false, false, 2, 3, 0, [], 0, [], 3, c, 3, accumulate: false);
        Assert.That(c, Is.All.EqualTo(0f));
    }

    [Test]
    public void Multiply_EmptyOutput_DoesNothing()
    {
        Gemm.Multiply(false, false, 0, 5, 4, [], 4, new float[20], 5, [], 5, accumulate: false);
        Gemm.Multiply(true, true, 3, 0, 4, new float[12], 3, [], 4, new float[3], 0, accumulate: true);
        Assert.Pass();
    }

    [Test]
    public void Multiply_SpanTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[3], 2, new float[4], 2, new float[4], 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[4], 1, new float[4], 2, new float[4], 2, false));
    }

    [TestCaseSource(nameof(PathsSource))]
    public void Multiply_RepeatedCalls_AreBitwiseIdentical(string path)
    {
        Gemm.ForcedPath = Enum.Parse<GemmKernelPath>(path);
        foreach (var (m, n, k, ta, tb) in new[] { (300, 257, 513, false, false), (20, 784, 200, false, true), (784, 200, 20, true, false) })
        {
            var p = Problem.Create(seed: 3, m, n, k, ta, tb, 0, 0, 0);
            p.Run(accumulate: false);
            var first = (float[])p.C.Clone();
            for (var i = 0; i < 3; i++)
            {
                p.Run(accumulate: false);
                Assert.That(p.C, Is.EqualTo(first), $"{m}x{n}x{k} call {i + 2}");
            }
        }
    }

    [Test]
    public void Multiply_OneOrTwoThreads_AreBitwiseIdentical()
    {
        // Not required (only the same thread count must reproduce), but the k order depends on k alone.
        var p = Problem.Create(seed: 4, 300, 257, 513, false, false, 0, 0, 0);
        ThreadTeam.ThreadCount = 1;
        p.Run(accumulate: false);
        var single = (float[])p.C.Clone();
        ThreadTeam.ThreadCount = 2;
        p.Run(accumulate: false);
        Assert.That(p.C, Is.EqualTo(single));
    }

    [Test]
    public void Multiply_ManyThreads_MatchesReference()
    {
        ThreadTeam.ThreadCount = 5; // more threads than cores still shares out correctly
        foreach (var (m, n) in new[] { (400, 150), (150, 400) })
        {
            var p = Problem.Create(seed: 8, m, n, 129, true, true, 1, 2, 3);
            p.Run(accumulate: true);
            p.AssertMatchesReference(accumulate: true);
        }
    }

    [Test]
    public void Multiply_SteadyState_AllocatesNothing()
    {
        var p = Problem.Create(seed: 9, 300, 257, 513, false, true, 0, 0, 0);
        var q = Problem.Create(seed: 10, 20, 200, 784, false, false, 0, 0, 0);
        p.Run(false);
        q.Run(false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            p.Run(true);
            q.Run(true);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void KernelName_NamesThePathInUse()
    {
        Assert.That(Gemm.KernelName, Is.AnyOf("avx512", "avx2", "portable"));
        Gemm.ForcedPath = GemmKernelPath.Portable;
        Assert.That(Gemm.KernelName, Is.EqualTo("portable"));
    }

    /// <summary>Tuning aid, not a test: prints GFLOP/s for the shapes that matter. Run it by name.</summary>
    [Test, Explicit("measurement harness")]
    public void Measure_VaeShapesAndSquare_PrintsGflops()
    {
        var shapes = new (string Name, bool Ta, bool Tb, int M, int N, int K)[]
        {
            ("1024^3", false, false, 1024, 1024, 1024),
            ("20x784 @ 784x200", false, false, 20, 200, 784),
            ("20x200 @ 200x200", false, false, 20, 200, 200),
            ("100x784 @ 784x200", false, false, 100, 200, 784),
            ("dX 20x200 @ (784x200)^T", false, true, 20, 784, 200),
            ("dW (20x784)^T @ 20x200", true, false, 784, 200, 20),
        };
        foreach (var (name, ta, tb, m, n, k) in shapes)
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            ThreadTeam.ThreadCount = threads;
            var p = Problem.Create(1, m, n, k, ta, tb, 0, 0, 0);
            var flops = 2.0 * m * n * k;
            var reps = (int)Math.Max(3, 2e8 / flops);
            var best = 0.0;
            for (var round = 0; round < 10; round++)
            {
                var sw = Stopwatch.StartNew();
                for (var r = 0; r < reps; r++) p.Run(false);
                best = Math.Max(best, flops * reps / sw.Elapsed.TotalSeconds / 1e9);
            }
            TestContext.Out.WriteLine($"{Gemm.KernelName} {name,-26} threads {threads}: {best,7:F1} GFLOP/s");
        }
    }

    private static IEnumerable<string> PathsSource() => SupportedPaths.Select(p => p.ToString());

    /// <summary>A product with random operands (optionally padded rows) and its float64 reference.</summary>
    private sealed class Problem
    {
        public required float[] A, B, C;
        public required float[] C0;
        public required int M, N, K, Lda, Ldb, Ldc;
        public required bool Ta, Tb;

        public static Problem Create(ulong seed, int m, int n, int k, bool ta, bool tb, int padA, int padB, int padC)
        {
            var rng = new Rng(seed);
            var (aRows, aCols) = ta ? (k, m) : (m, k);
            var (bRows, bCols) = tb ? (n, k) : (k, n);
            var p = new Problem
            {
                M = m, N = n, K = k, Ta = ta, Tb = tb,
                Lda = aCols + padA, Ldb = bCols + padB, Ldc = n + padC,
                A = new float[aRows * (aCols + padA)],
                B = new float[bRows * (bCols + padB)],
                C = new float[m * (n + padC)],
                C0 = new float[m * (n + padC)],
            };
            rng.Uniform(p.A, -1, 1);
            rng.Uniform(p.B, -1, 1);
            rng.Uniform(p.C0, -1, 1);
            p.C0.CopyTo(p.C, 0);
            return p;
        }

        public void Run(bool accumulate) => Gemm.Multiply(Ta, Tb, M, N, K, A, Lda, B, Ldb, C, Ldc, accumulate);

        private float At(int i, int p) => Ta ? A[p * Lda + i] : A[i * Lda + p];
        private float Bt(int p, int j) => Tb ? B[j * Ldb + p] : B[p * Ldb + j];

        /// <summary>Per element: |C - ref| within 1e-5 of the sum of |a||b| (plus |C0|): float32 rounding over k terms.</summary>
        public void AssertMatchesReference(bool accumulate)
        {
            for (var i = 0; i < M; i++)
            for (var j = 0; j < N; j++)
            {
                double sum = accumulate ? C0[i * Ldc + j] : 0, scale = accumulate ? Math.Abs(C0[i * Ldc + j]) : 0;
                for (var p = 0; p < K; p++)
                {
                    sum += (double)At(i, p) * Bt(p, j);
                    scale += Math.Abs((double)At(i, p) * Bt(p, j));
                }
                var got = C[i * Ldc + j];
                if (Math.Abs(got - sum) > 1e-5 * scale + 1e-30)
                    Assert.Fail($"C[{i}, {j}] = {got}, reference {sum} (scale {scale}) for {M}x{N}x{K} {(Ta ? "T" : "N")}{(Tb ? "T" : "N")}, accumulate {accumulate}");
            }
        }

        /// <summary>The tail of each C row past n belongs to someone else: it must keep its values.</summary>
        public void AssertPaddingUntouched()
        {
            for (var i = 0; i < M; i++)
            for (var j = N; j < Ldc; j++)
                Assert.That(C[i * Ldc + j], Is.EqualTo(C0[i * Ldc + j]), $"padding C[{i}, {j}]");
        }
    }
}
