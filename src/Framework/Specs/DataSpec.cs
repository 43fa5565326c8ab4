namespace Research.Framework.Specs;

/// <summary>The <c>data:</c> section. Subsets of 0 mean the whole split.</summary>
public sealed record DataSpec(
    ComponentSpec Dataset,
    string Binarize,
    int BatchSize,
    int TrainSubset,
    int TestSubset,
    string CacheDir);
