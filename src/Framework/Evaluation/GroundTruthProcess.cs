namespace Research.Framework.Evaluation;

/// <summary>
/// The generative process of a data set with known factors of variation (dSprites): the factors' names,
/// how many classes each takes, and <see cref="Render"/>, which maps <c>count</c> rows of factor classes
/// [count, F] (row-major) to their images [count, P]. Disentanglement metrics need the process, not
/// only a sample of it: they ask for images of factor combinations they choose (pairs agreeing in one factor).
/// </summary>
public sealed record GroundTruthProcess(IReadOnlyList<string> Names, IReadOnlyList<int> Sizes, Func<int[], int, float[]> Render)
{
    public int FactorCount => Names.Count;
}
