using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class BatchSplitterTests
{
    [TestCase(0, 0, 0, 0)]
    [TestCase(1000, 0, 0, 1)]
    [TestCase(1001, 0, 0, 2)]
    [TestCase(0, 101, 0, 2)]
    [TestCase(0, 0, 250, 3)]
    [TestCase(950, 100, 100, 2)]
    [TestCase(5000, 230, 120, 6)]
    public void Split_EveryBatchIsWithinMlflowsLimits_AndKeepsOrder(int metrics, int parameters, int tags, int expectedBatches)
    {
        var m = Enumerable.Range(0, metrics).Select(i => new Metric("m", i, i, i)).ToList();
        var p = Enumerable.Range(0, parameters).Select(i => new Param($"p{i}", "v")).ToList();
        var t = Enumerable.Range(0, tags).Select(i => new RunTag($"t{i}", "v")).ToList();

        var batches = BatchSplitter.Split(m, p, t).ToList();

        Assert.That(batches, Has.Count.EqualTo(expectedBatches));
        Assert.That(batches.All(b => b.Metrics.Count <= MlflowLimits.MaxMetricsPerBatch && b.Params.Count <= MlflowLimits.MaxParamsPerBatch
            && b.Tags.Count <= MlflowLimits.MaxTagsPerBatch && b.Count <= MlflowLimits.MaxEntitiesPerBatch && b.Count > 0), Is.True);
        Assert.That(batches.SelectMany(b => b.Metrics), Is.EqualTo(m));
        Assert.That(batches.SelectMany(b => b.Params), Is.EqualTo(p));
        Assert.That(batches.SelectMany(b => b.Tags), Is.EqualTo(t));
    }
}
