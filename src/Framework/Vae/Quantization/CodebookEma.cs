namespace Research.Framework.Vae.Quantization;

/// <summary>
/// Exponential-moving-average codebook updates (van den Oord et al. 2017, appendix A.1): with n_k the
/// number of encoder outputs assigned to code k in a batch and s_k their sum,
/// N_k ← γ N_k + (1 - γ) n_k, m_k ← γ m_k + (1 - γ) s_k, e_k = m_k / Ñ_k, where
/// Ñ_k = (N_k + ε) / (Σ_j N_j + K ε) Σ_j N_j is N_k with Laplace smoothing, so a code that has not
/// been chosen lately does not divide by zero. Pure functions of host arrays.
/// </summary>
public static class CodebookEma
{
    /// <summary>ε of the Laplace smoothing.</summary>
    public const float Epsilon = 1e-5f;

    /// <summary>
    /// The state before the first step: every count 1 and every sum its code's initial embedding, so each
    /// code starts where it was initialized and a code never chosen stays there (its N_k and m_k decay together).
    /// </summary>
    public static (float[] Counts, float[] Sums) Initial(ReadOnlySpan<float> codebook, int codebookSize)
    {
        var counts = new float[codebookSize];
        Array.Fill(counts, 1f);
        return (counts, codebook.ToArray());
    }

    /// <summary>One update from the batch's encoder outputs <paramref name="encoderOutputs"/> [R, D] assigned to <paramref name="indices"/> [R].</summary>
    public static (float[] Counts, float[] Sums, float[] Codebook) Step(
        float[] counts, float[] sums, ReadOnlySpan<float> encoderOutputs, IReadOnlyList<int> indices, int codeDim, float decay)
    {
        var k = counts.Length;
        var batchCounts = new double[k];
        var batchSums = new double[k * codeDim];
        for (var r = 0; r < indices.Count; r++)
        {
            batchCounts[indices[r]]++;
            for (var j = 0; j < codeDim; j++) batchSums[indices[r] * codeDim + j] += encoderOutputs[r * codeDim + j];
        }
        var newCounts = new float[k];
        var newSums = new float[k * codeDim];
        for (var i = 0; i < k; i++) newCounts[i] = (float)(decay * counts[i] + (1 - decay) * batchCounts[i]);
        for (var i = 0; i < newSums.Length; i++) newSums[i] = (float)(decay * sums[i] + (1 - decay) * batchSums[i]);
        var total = newCounts.Sum(c => (double)c);
        var codebook = new float[k * codeDim];
        for (var i = 0; i < k; i++)
        {
            var smoothed = (newCounts[i] + Epsilon) / (total + k * Epsilon) * total;
            for (var j = 0; j < codeDim; j++) codebook[i * codeDim + j] = (float)(newSums[i * codeDim + j] / smoothed);
        }
        return (newCounts, newSums, codebook);
    }
}
