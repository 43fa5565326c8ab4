namespace Research.Framework.Evaluation;

/// <summary>
/// Threshold-free metrics of a detector that scores examples (higher: more anomalous) against binary
/// labels (true: positive, the anomaly): the ROC curve and its area, and the area under the
/// precision-recall curve as average precision. Pure functions; tied scores form one threshold.
/// </summary>
/// <remarks>
/// AUROC is the probability that a random positive scores above a random negative, ties counting
/// one half (the Mann-Whitney U statistic over nP nN; Hanley and McNeil 1982, eq. 1), which equals
/// the trapezoid area under <see cref="RocCurve"/>. AUPRC is average precision,
/// AP = Σ_n (R_n - R_{n-1}) P_n over the distinct thresholds from the highest score down (Davis and
/// Goadrich 2006 discuss why the step form, not the linear interpolation of PR points, is right).
/// </remarks>
public static class DetectionMetrics
{
    /// <summary>The area under the ROC curve, in [0, 1]; 0.5 for a detector that ranks at random.</summary>
    public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var (order, positives, negatives) = Prepare(scores, positive);
        // Mid-ranks (1-based) of each tie group, summed over the positives.
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var midRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++) if (positive[order[i]]) rankSum += midRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// The ROC curve as (false positive rate, true positive rate) points from (0, 0) to (1, 1), one per
    /// distinct threshold from the highest score down; a tie group of positives and negatives is one
    /// diagonal step.
    /// </summary>
    public static (double[] FalsePositiveRate, double[] TruePositiveRate) RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var (order, positives, negatives) = Prepare(scores, positive);
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var (tp, fp) = (0, 0);
        foreach (var (groupPositives, groupNegatives) in TieGroupsDescending(scores, positive, order))
        {
            tp += groupPositives;
            fp += groupNegatives;
            fpr.Add((double)fp / negatives);
            tpr.Add((double)tp / positives);
        }
        return (fpr.ToArray(), tpr.ToArray());
    }

    /// <summary>The area under the precision-recall curve as average precision, in (0, 1]; the positives' share for a constant score.</summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var (order, positives, _) = Prepare(scores, positive);
        var (tp, seen) = (0, 0);
        var ap = 0.0;
        foreach (var (groupPositives, groupNegatives) in TieGroupsDescending(scores, positive, order))
        {
            tp += groupPositives;
            seen += groupPositives + groupNegatives;
            ap += (double)groupPositives / positives * ((double)tp / seen);
        }
        return ap;
    }

    /// <summary>The trapezoid area under a curve given by its points in x order.</summary>
    public static double TrapezoidArea(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var area = 0.0;
        for (var i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return area;
    }

    /// <summary>(positives, negatives) of each group of equal scores, the highest score first.</summary>
    private static IEnumerable<(int Positives, int Negatives)> TieGroupsDescending(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, int[] ascending)
    {
        for (var end = ascending.Length - 1; end >= 0;)
        {
            var start = end;
            while (start - 1 >= 0 && scores[ascending[start - 1]] == scores[ascending[end]]) start--;
            var p = 0;
            for (var i = start; i <= end; i++) if (positive[ascending[i]]) p++;
            yield return (p, end - start + 1 - p);
            end = start - 1;
        }
    }

    private static (int[] Ascending, int Positives, int Negatives) Prepare(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count) throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels.");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("A score is NaN.", nameof(scores));
        var positives = positive.Count(p => p);
        var negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException($"Ranking metrics need both classes (got {positives} positives and {negatives} negatives).");
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        return (order, positives, negatives);
    }
}
