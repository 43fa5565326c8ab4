namespace Research.Framework.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: one <see cref="Mr"/> x <see cref="Nr"/> tile of C from a packed
/// A micro-panel and a B micro-panel. Implemented by structs so the blocked driver is specialized
/// (and inlined) per kernel by the JIT.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile (values of A broadcast per k step).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile (a whole number of SIMD vectors).</summary>
    static abstract int Nr { get; }

    /// <summary>
    /// C[r, j] = (C[r, j] if <paramref name="accumulate"/>) + sum over p &lt; <paramref name="kc"/> of
    /// A[r, p] * b[p * <paramref name="bStride"/> + j] (A[r, p] = a[p * Mr + r] packed), for r &lt; Mr, j &lt; Nr, summed in p order from zero
    /// and added to C last (so a tile's bits do not depend on where its A and B values came from).
    /// </summary>
    /// <remarks>
    /// Only the top-left <paramref name="rows"/> x <paramref name="cols"/> of the tile is written (edges of C);
    /// A's micro-panel is zero-padded to Mr rows. B is read up to <paramref name="cols"/> columns when
    /// <see cref="MasksEdges"/>, else up to Nr columns (the driver packs B's last panel with zero padding).
    /// </remarks>
    static abstract void Run(int kc, float* a, nint lda, float* b, nint bStride, float* c, nint ldc, bool accumulate, int rows, int cols);

    /// <summary>
    /// Whether <see cref="Run"/> also reads A in place: row r at a + r * lda (lda &gt; 0, whole tiles only)
    /// instead of a packed micro-panel (lda = 0). Saves the pack of A when few rows make it a large share.
    /// </summary>
    static abstract bool ReadsAInPlace { get; }

    /// <summary>Whether edge tiles read B only up to their last valid column (masked loads).</summary>
    static abstract bool MasksEdges { get; }
}
