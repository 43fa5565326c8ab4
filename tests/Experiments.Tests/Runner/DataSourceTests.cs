using Research.Experiments.Runner;
using Research.Framework.Specs;

namespace Research.Experiments.Tests.Runner;

public class DataSourceTests
{
    private static DataSpec Synthetic(int trainSubset, params int[] exclude) =>
        new(new ComponentSpec("synthetic"), "none", 10, trainSubset, 50, "", new ValueList<int>(exclude));

    [Test]
    public void Load_ExcludeClasses_DropsThemFromTrainingOnly_BeforeTheSubset()
    {
        var (allTrain, allTest) = DataSource.Load(Synthetic(0), _ => { });
        var (train, test) = DataSource.Load(Synthetic(300, 2, 5), _ => { });
        Assert.That(train.Count, Is.EqualTo(300), "train_subset counts the images that remain");
        Assert.That(train.Labels, Has.None.EqualTo(2).And.None.EqualTo(5));
        Assert.That(test.Labels, Has.Some.EqualTo(2).And.Some.EqualTo(5), "the test set keeps every class");
        Assert.That(test.Labels, Is.EqualTo(allTest.Labels![..50]));
        Assert.That(allTrain.Labels, Has.Some.EqualTo(2));
    }

    [Test]
    public void DataCache_KeepsPointsThatExcludeDifferentClassesApart()
    {
        var cache = new DataCache(_ => { });
        var (a, _) = cache.Get(Synthetic(0, 1));
        var (b, _) = cache.Get(Synthetic(0, 2));
        Assert.That(a.Labels, Has.None.EqualTo(1).And.Some.EqualTo(2));
        Assert.That(b.Labels, Has.None.EqualTo(2).And.Some.EqualTo(1));
    }
}
