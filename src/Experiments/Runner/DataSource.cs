using Research.Framework.Data;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Experiments.Runner;

/// <summary>The train and test sets a spec's `data` block names (<see cref="DatasetDeclaration"/>), with its subsets applied, and the evaluation sets and batches cut from them.</summary>
public static class DataSource
{
    public static (Dataset Train, Dataset Test) Load(DataSpec data, Action<string> log)
    {
        var (train, test) = DatasetDeclaration.Of(data).Load(data.CacheDir, log);
        return (train.Without(data.ExcludedClasses).Take(data.TrainSubset), test.Take(data.TestSubset));
    }

    /// <summary>How many training and test images a spec's data block uses (its subsets applied), known without loading them (an upper bound when classes are excluded).</summary>
    public static (int Train, int Test) Counts(DataSpec data)
    {
        var dataset = DatasetDeclaration.Of(data);
        return (Subset(dataset.TrainCount, data.TrainSubset), Subset(dataset.TestCount, data.TestSubset));
    }

    // As Dataset.Take: 0 keeps everything, a larger subset than the set keeps the set.
    private static int Subset(int count, int subset) => subset > 0 ? Math.Min(count, subset) : count;

    /// <summary>
    /// The height and width of a dataset's images, known without loading it: the model's input size
    /// (height * width) when a trained model is rebuilt from its spec, and the tile size of image grids.
    /// </summary>
    public static (int Height, int Width) ImageShape(DataSpec data)
    {
        var dataset = DatasetDeclaration.Of(data);
        return (dataset.Height, dataset.Width);
    }

    /// <summary>
    /// The test set as every evaluation sees it: binarized once with a generator fixed by the spec's
    /// seed when the spec binarizes (the stochastically binarized test set of Burda et al. 2016), so
    /// training-time evaluation, `research eval` and resumed runs score the same images.
    /// </summary>
    public static Dataset EvaluationData(ExperimentSpec spec, Dataset test) =>
        ParseBinarization(spec.Data.Binarize) == Binarization.None ? test : Binarize.Once(test, new Rng((ulong)spec.Seed).Split(EvaluationKey));

    /// <summary>
    /// The images of the active-unit statistic: the first <c>eval.active_units_train_images</c>
    /// training images (binarized once, as the evaluation set), or null for the evaluation set itself.
    /// </summary>
    public static Dataset? ActiveUnitData(ExperimentSpec spec, Dataset train) =>
        spec.Eval.ActiveUnitsTrainImages <= 0
            ? null
            : EvaluationData(spec, train.Take(Math.Min(spec.Eval.ActiveUnitsTrainImages, train.Count)));

    /// <summary>A data set as consecutive batches of at most <paramref name="size"/> rows (persistent tensors).</summary>
    public static IReadOnlyList<Tensor> Batches(Dataset data, int size)
    {
        size = Math.Max(1, size);
        var batches = new List<Tensor>();
        for (var start = 0; start < data.Count; start += size)
        {
            var count = Math.Min(size, data.Count - start);
            batches.Add(Tensor.FromArray(data.Images.AsSpan(start * data.Features, count * data.Features), new Shape(count, data.Features)));
        }
        return batches;
    }

    /// <summary>The labels of a data set a conditional model reads, checked against its <paramref name="classes"/>.</summary>
    public static int[] Labels(Dataset data, int classes)
    {
        var labels = data.Labels ?? throw new InvalidOperationException($"model.condition.on: label, but data set '{data.Name}' has no labels.");
        var bad = Array.FindIndex(labels, l => (uint)l >= (uint)classes);
        return bad < 0 ? labels : throw new InvalidDataException($"Data set '{data.Name}': label {labels[bad]} of example {bad} is outside the declared {classes} classes.");
    }

    /// <summary>The one-hot labels of <see cref="Batches"/>'s batches (persistent tensors [rows, classes]).</summary>
    public static IReadOnlyList<Tensor> LabelBatches(Dataset data, int classes, int size)
    {
        var labels = Labels(data, classes);
        size = Math.Max(1, size);
        var batches = new List<Tensor>();
        for (var start = 0; start < data.Count; start += size)
            batches.Add(OneHot.Encode(labels.AsSpan(start, Math.Min(size, data.Count - start)), classes));
        return batches;
    }

    private const ulong EvaluationKey = 0xE7A1;

    public static Binarization ParseBinarization(string name) => name switch
    {
        "dynamic" => Binarization.Dynamic,
        "static" => Binarization.Static,
        _ => Binarization.None,
    };
}
