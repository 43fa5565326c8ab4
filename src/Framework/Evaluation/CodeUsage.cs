namespace Research.Framework.Evaluation;

/// <summary>
/// How a VQ-VAE used its codebook over some data (an epoch, a test set): how often each of the K codes
/// was chosen. The perplexity exp(-Σ_k p_k log p_k) of the empirical code distribution p is K when
/// every code is used equally and 1 when one code takes everything.
/// </summary>
/// <param name="Counts">Choices per code, [K].</param>
public sealed record CodeUsage(long[] Counts)
{
    public long Total => Counts.Sum();

    /// <summary>exp of the entropy (nats) of the code frequencies; NaN without any choice.</summary>
    public double Perplexity
    {
        get
        {
            var total = (double)Total;
            if (total == 0) return double.NaN;
            var entropy = 0.0;
            foreach (var c in Counts)
                if (c > 0) entropy -= c / total * Math.Log(c / total);
            return Math.Exp(entropy);
        }
    }

    /// <summary>The number of codes chosen at least once.</summary>
    public int Used => Counts.Count(c => c > 0);

    /// <summary>The fraction of the K codes chosen at least once.</summary>
    public double UsedFraction => (double)Used / Counts.Length;

    /// <summary>The usage of both together.</summary>
    public CodeUsage Add(IReadOnlyList<long> more)
    {
        if (more.Count != Counts.Length) throw new ArgumentException($"Code counts of {more.Count} codes do not add to {Counts.Length}.");
        return new CodeUsage([.. Counts.Select((c, i) => c + more[i])]);
    }
}
