using Research.Framework.Evaluation;
using Research.Framework.Randomness;

namespace Research.Framework.Tests.Evaluation;

/// <summary>AUROC, the ROC curve and average precision on hand-computed cases, ties included.</summary>
public class DetectionMetricsTests
{
    private static bool[] L(params int[] labels) => labels.Select(v => v == 1).ToArray();

    [Test]
    public void HandComputed_FourScores_GiveAuroc075_AndAp0833()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        var labels = L(0, 0, 1, 1);
        // Pairs (positive, negative): 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4.
        Assert.That(DetectionMetrics.Auroc(scores, labels), Is.EqualTo(0.75).Within(1e-12));
        // From the top: 0.8 (P = 1, recall 0.5), 0.4 (negative), 0.35 (P = 2/3, recall 1): 0.5 + 0.5 * 2/3.
        Assert.That(DetectionMetrics.AveragePrecision(scores, labels), Is.EqualTo(0.5 + 1.0 / 3).Within(1e-12));
        var (fpr, tpr) = DetectionMetrics.RocCurve(scores, labels);
        Assert.That(fpr, Is.EqualTo(new[] { 0, 0, 0.5, 0.5, 1 }));
        Assert.That(tpr, Is.EqualTo(new[] { 0, 0.5, 0.5, 1, 1 }));
    }

    [Test]
    public void Ties_CountOneHalf_AndFormOneThreshold()
    {
        double[] scores = [1, 1, 0];
        var labels = L(1, 0, 0);
        Assert.That(DetectionMetrics.Auroc(scores, labels), Is.EqualTo(0.75).Within(1e-12), "tie 1/2 + win 1, over 2 pairs");
        Assert.That(DetectionMetrics.AveragePrecision(scores, labels), Is.EqualTo(0.5).Within(1e-12), "one threshold: recall 1 at precision 1/2");
        var (fpr, tpr) = DetectionMetrics.RocCurve(scores, labels);
        Assert.That(fpr, Is.EqualTo(new[] { 0, 0.5, 1 }));
        Assert.That(tpr, Is.EqualTo(new[] { 0, 1, 1 }));
    }

    [Test]
    public void ConstantScore_IsChance_AndApIsThePositivesShare()
    {
        double[] scores = [2, 2, 2, 2];
        var labels = L(1, 0, 0, 0);
        Assert.That(DetectionMetrics.Auroc(scores, labels), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(DetectionMetrics.AveragePrecision(scores, labels), Is.EqualTo(0.25).Within(1e-12));
    }

    [Test]
    public void PerfectAndReversedRankings_GiveOneAndZero()
    {
        Assert.That(DetectionMetrics.Auroc([3.0, 2, 1], L(1, 1, 0)), Is.EqualTo(1.0));
        Assert.That(DetectionMetrics.AveragePrecision([3.0, 2, 1], L(1, 1, 0)), Is.EqualTo(1.0));
        Assert.That(DetectionMetrics.Auroc([0.0, 1], L(1, 0)), Is.EqualTo(0.0));
        Assert.That(DetectionMetrics.AveragePrecision([0.0, 1], L(1, 0)), Is.EqualTo(0.5), "the positive is found at precision 1/2");
    }

    [Test]
    public void RocCurveArea_EqualsTheMannWhitneyAuroc_WithManyTies()
    {
        var rng = new Rng(5);
        var labels = Enumerable.Range(0, 500).Select(_ => rng.NextDouble() < 0.3).ToArray();
        var scores = labels.Select(p => Math.Round(rng.NextNormal() + (p ? 0.8 : 0), 1)).ToArray(); // rounding makes ties
        var (fpr, tpr) = DetectionMetrics.RocCurve(scores, labels);
        Assert.That(DetectionMetrics.TrapezoidArea(fpr, tpr), Is.EqualTo(DetectionMetrics.Auroc(scores, labels)).Within(1e-12));
        // Brute force over all pairs.
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        for (var j = 0; j < scores.Length; j++)
        {
            if (!labels[i] || labels[j]) continue;
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
        Assert.That(DetectionMetrics.Auroc(scores, labels), Is.EqualTo(wins / pairs).Within(1e-12));
    }

    [Test]
    public void OneClassOnly_IsAnError() =>
        Assert.That(() => DetectionMetrics.Auroc([1.0, 2], L(1, 1)), Throws.ArgumentException.With.Message.Contains("both classes"));
}
