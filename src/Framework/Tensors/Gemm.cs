namespace Research.Framework.Tensors;

/// <summary>
/// General matrix multiply on row-major float32 spans: C = op(A) * op(B) (+ C when accumulating),
/// where op(X) is X or its transpose. The hot loop of training.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// C[m x n] (+)= op(A)[m x k] * op(B)[k x n]. A is stored [m x k] (or [k x m] when
    /// <paramref name="transA"/>), B is stored [k x n] (or [n x k] when <paramref name="transB"/>);
    /// leading dimensions are the row lengths as stored.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        // Reference implementation: correct and simple; replaced by the blocked SIMD kernel.
        for (var i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * ldc, n);
            if (!accumulate) cRow.Clear();
            for (var p = 0; p < k; p++)
            {
                var aip = transA ? a[p * lda + i] : a[i * lda + p];
                for (var j = 0; j < n; j++)
                    cRow[j] += aip * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            }
        }
    }
}
