using Research.Experiments.Runner;
using Research.Framework.Evaluation;
using Research.Framework.Specs;

namespace Research.Experiments.Tests.Runner;

public class EarlyStoppingTests
{
    private static readonly CheckpointState Start = new(0, 0, 0, "run", null, "", [], double.NegativeInfinity, 0, false, null);

    private static EpochLog Evaluated(int epoch, double logLikelihood) =>
        new(epoch, epoch * 10, 1, 1, 1, 1, 1, 1, 1e-3, 1, 1,
            new EvaluationResult(logLikelihood, logLikelihood, logLikelihood, 0, null, new ActiveUnits([], 0, 0.01), 10));

    [Test]
    public void Update_StopsAfterPatienceEvaluationsWithoutAnImprovementAboveMinDelta()
    {
        var spec = new EarlyStoppingSpec(Patience: 2, MinDelta: 0.5);
        var state = Start;
        var stoppedAt = new List<int>();
        // -100, then -99 (improves by 1), -98.8 (by 0.2: not enough), -98.7 (not enough) -> stop after epoch 4.
        foreach (var (epoch, ll) in new[] { (1, -100.0), (2, -99.0), (3, -98.8), (4, -98.7), (5, -90.0) })
        {
            state = EarlyStopping.Update(state, Evaluated(epoch, ll), spec);
            if (EarlyStopping.ShouldStop(state, spec)) stoppedAt.Add(epoch);
        }
        Assert.That(stoppedAt.First(), Is.EqualTo(4));
        Assert.That(state.BestLogLikelihood, Is.EqualTo(-90.0), "a later improvement still counts");
    }

    [Test]
    public void Update_WithoutPatienceOrEvaluation_NeverStops()
    {
        var off = new EarlyStoppingSpec(Patience: 0, MinDelta: 0);
        var state = Start;
        for (var epoch = 1; epoch <= 5; epoch++) state = EarlyStopping.Update(state, Evaluated(epoch, -100), off);
        Assert.That(EarlyStopping.ShouldStop(state, off), Is.False);
        var on = new EarlyStoppingSpec(Patience: 1, MinDelta: 0);
        var unevaluated = Evaluated(1, -100) with { Test = null };
        Assert.That(EarlyStopping.ShouldStop(EarlyStopping.Update(Start, unevaluated, on), on), Is.False);
    }
}
