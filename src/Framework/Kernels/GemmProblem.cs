namespace Research.Framework.Kernels;

/// <summary>
/// One product's operands as raw pointers (pinned by <see cref="Gemm.Multiply"/> for its duration),
/// so the worker threads of <see cref="ThreadTeam"/> can share them.
/// </summary>
internal unsafe struct GemmProblem
{
    public bool TransA, TransB, Accumulate;
    public int M, N, K;
    public float* A, B, C;
    public nint Lda, Ldb, Ldc;

    /// <summary>Read B in place instead of packing it (row-major B, few rows of A to amortize a pack).</summary>
    public bool DirectB;

    /// <summary>Read A in place instead of packing it (row-major A, few rows: the pack would be a large share).</summary>
    public bool DirectA;

    /// <summary>Compute C = A * B^T as dot products (<see cref="GemmDotAvx512"/>): no pack at all.</summary>
    public bool DotB;
}
