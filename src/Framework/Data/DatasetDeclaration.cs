using Research.Framework.Evaluation;
using Research.Framework.Specs;

namespace Research.Framework.Data;

/// <summary>
/// A dataset a spec can name (<c>data.dataset</c>): the shape of its images, known without loading
/// it (the model's input size when a trained model is rebuilt, the tiles of image grids), the sizes
/// of its splits (the run's budget line, before anything loads), and how
/// its train and test splits load from a cache folder (reporting downloads to a log), and how many
/// label classes its examples have (0: unlabelled), which a conditional model's one-hot width needs before anything loads.
/// </summary>
public sealed record DatasetDeclaration(string Name, string Doc, int Height, int Width, int TrainCount, int TestCount,
    Func<string, Action<string>, (Dataset Train, Dataset Test)> Load, int Classes = 0)
    : ComponentDeclaration<NoOptions>(ComponentKind.Dataset, Name, Doc)
{
    /// <summary>
    /// The process that generates the data from known factors (dSprites), null for natural data (MNIST):
    /// what disentanglement metrics and per-factor figures need, and whether <c>eval.disentanglement</c> applies.
    /// </summary>
    public GroundTruthProcess? GroundTruth { get; init; }

    /// <summary>The declaration <c>data.dataset</c> names.</summary>
    public static DatasetDeclaration Of(DataSpec data) => ComponentDeclarations.Find<DatasetDeclaration>(ComponentKind.Dataset, data.Dataset.Name);
}
