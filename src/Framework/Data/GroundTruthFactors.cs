namespace Research.Framework.Data;

/// <summary>
/// The ground-truth factors of variation of a generated data set (what disentanglement metrics
/// score a representation against): their names, how many values each takes, and the factor
/// classes of every example, row-major [Count, Names.Count] (class v of factor f is its v-th value).
/// </summary>
public sealed record GroundTruthFactors(IReadOnlyList<string> Names, IReadOnlyList<int> Sizes, int[] Values)
{
    public int Count => Values.Length / Names.Count;

    public ReadOnlySpan<int> Of(int index) => Values.AsSpan(index * Names.Count, Names.Count);

    /// <summary>The first <paramref name="n"/> rows.</summary>
    public GroundTruthFactors Take(int n) => this with { Values = Values[..(n * Names.Count)] };
}
