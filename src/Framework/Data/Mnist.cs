namespace Research.Framework.Data;

/// <summary>The MNIST digits (LeCun et al. 1998): 28x28 grey images, 60k train and 10k test, from the original IDX files.</summary>
public static class Mnist
{
    public static DatasetDeclaration Declaration { get; } =
        new("mnist", "MNIST digits, 28x28 (IDX files, 60k train / 10k test)", 28, 28, 60_000, 10_000, (cache, log) => Load(cache, log), Classes: 10);

    /// <summary>The train and test sets from the cache, fetched on first use.</summary>
    public static (Dataset Train, Dataset Test) Load(string cacheDirectory, Action<string>? log = null)
    {
        var paths = MnistFiles.Ensure(cacheDirectory, log);
        return (Dataset.FromIdx("mnist-train", paths.TrainImages, paths.TrainLabels), Dataset.FromIdx("mnist-test", paths.TestImages, paths.TestLabels));
    }
}
