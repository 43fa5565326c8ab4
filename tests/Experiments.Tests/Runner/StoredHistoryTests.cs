using Research.Experiments.Runner;
using Research.Framework.Evaluation;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

public class StoredHistoryTests
{
    private static IReadOnlyList<Metric> Values(params (long Epoch, double Value)[] values) =>
        values.Select(v => new Metric("m", v.Value, 0, v.Epoch)).ToArray();

    [Test]
    public void FromMetrics_TrainEveryEpochTestOnce_EpochsWithTestOnlyWhereEvaluated()
    {
        var history = StoredHistory.FromMetrics(new Dictionary<string, IReadOnlyList<Metric>>
        {
            ["train_loss"] = Values((1, 100), (2, 90)),
            ["train_bound"] = Values((1, -100), (2, -90)),
            ["test_loglik"] = Values((2, -95)),
            ["active_units"] = Values((2, 3)),
        });
        Assert.That(history.Select(e => e.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(history[1].Bound, Is.EqualTo(-90));
        Assert.That(history[0].Test, Is.Null);
        Assert.That(history[1].Test!.LogLikelihood, Is.EqualTo(-95));
        Assert.That(history[1].Test!.ActiveUnits.Count, Is.EqualTo(3));
        Assert.That(double.IsNaN(history[0].Kl), Is.True);
    }

    [Test]
    public void FromMetrics_EpochLoggedTwice_LastValueWins()
    {
        var history = StoredHistory.FromMetrics(new Dictionary<string, IReadOnlyList<Metric>> { ["train_loss"] = Values((1, 5), (1, 4)) });
        Assert.That(history.Single().Loss, Is.EqualTo(4));
    }

    [Test]
    public void FromMetrics_NoMetrics_Empty()
    {
        Assert.That(StoredHistory.FromMetrics(new Dictionary<string, IReadOnlyList<Metric>>()), Is.Empty);
    }

    [Test]
    public void FromMetrics_DisentanglementMetrics_ComeBackAtTheirEpoch()
    {
        var metrics = new Dictionary<string, IReadOnlyList<Metric>> { ["train_loss"] = Values((1, 100), (2, 90)) };
        for (var i = 0; i < DisentanglementResult.Names.Count; i++) metrics[DisentanglementResult.Names[i]] = Values((2, 0.1 * (i + 1)));
        var history = StoredHistory.FromMetrics(metrics);
        Assert.That(history[0].Disentanglement, Is.Null);
        Assert.That(history[1].Disentanglement!.Metrics().Select(m => m.Value), Is.EqualTo(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }).Within(1e-12));
        Assert.That(history[1].Metrics().Select(m => m.Key), Is.SupersetOf(DisentanglementResult.Names), "logged again under the same names");
    }
}
