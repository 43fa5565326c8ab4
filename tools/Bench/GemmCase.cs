namespace Research.Bench;

/// <summary>
/// One product C[m x n] = op(A) op(B): A stored [m x k] ([k x m] when <paramref name="TransA"/>),
/// B stored [k x n] ([n x k] when <paramref name="TransB"/>), row-major.
/// </summary>
public sealed record GemmCase(string Name, int M, int N, int K, bool TransA, bool TransB)
{
    public double GigaFlops => 2.0 * M * N * K / 1e9;

    /// <summary>
    /// 1024^3, then for batch 20 and 100 the products of the MLP 784-200-200 layers: forward
    /// X @ W, backward dX = dY @ W^T and dW = X^T @ dY. The same list as tools/peer/engine_bench.py.
    /// </summary>
    public static IReadOnlyList<GemmCase> All { get; } =
    [
        new("gemm_1024x1024@1024x1024", 1024, 1024, 1024, false, false),
        .. new[] { 20, 100 }.SelectMany(b => new GemmCase[]
        {
            new($"gemm_{b}x784@784x200", b, 200, 784, false, false),   // layer 1 forward
            new($"gemm_{b}x200@200x200", b, 200, 200, false, false),   // layer 2 forward
            new($"gemm_{b}x200@784x200^T", b, 784, 200, false, true),  // layer 1 dX = dY W^T
            new($"gemm_{b}x784^T@{b}x200", 784, 200, b, true, false),  // layer 1 dW = X^T dY
            new($"gemm_{b}x200@200x200^T", b, 200, 200, false, true),  // layer 2 dX
            new($"gemm_{b}x200^T@{b}x200", 200, 200, b, true, false),  // layer 2 dW
        }),
    ];
}
