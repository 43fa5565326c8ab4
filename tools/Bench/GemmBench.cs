using Research.Framework.Kernels;
using Research.Framework.Randomness;

namespace Research.Bench;

/// <summary>GEMM throughput of <see cref="Gemm.Multiply"/> on preallocated operands.</summary>
public static class GemmBench
{
    public static void Run(Timing timing)
    {
        var rng = new Rng(1);
        foreach (var c in GemmCase.All)
        {
            var a = new float[c.M * c.K];
            var b = new float[c.K * c.N];
            var output = new float[c.M * c.N];
            rng.Uniform(a, -0.5f, 0.5f);
            rng.Uniform(b, -0.5f, 0.5f);
            var lda = c.TransA ? c.M : c.K;
            var ldb = c.TransB ? c.K : c.N;
            var m = timing.Measure(() =>
                Gemm.Multiply(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, output, c.N, accumulate: false));
            Report.Case(c.Name, m, c.GigaFlops, "GFLOP/s");
        }
    }
}
