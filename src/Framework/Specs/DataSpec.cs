namespace Research.Framework.Specs;

/// <summary>The <c>data:</c> section. Subsets of 0 mean the whole split; <see cref="ExcludeClasses"/> drops labels from the training split only.</summary>
public sealed record DataSpec(
    ComponentSpec Dataset,
    string Binarize,
    int BatchSize,
    int TrainSubset,
    int TestSubset,
    string CacheDir,
    ValueList<int>? ExcludeClasses = null)
{
    /// <summary>The labels left out of training (none when unset).</summary>
    public IReadOnlyList<int> ExcludedClasses => ExcludeClasses ?? (IReadOnlyList<int>)[];
}
