using System.Globalization;
using Research.Experiments.Runner;
using Research.Framework.Sweeps;

namespace Research.Experiments.Verbs;

/// <summary>
/// The line `research run` prints before it trains, so a spec that asks for hours (all of MNIST,
/// 100 epochs, K=5000) says so while Ctrl-C is still free:
/// <c>budget: 2 points x 10 epochs x 10,000 images; evaluation K=500 on 1,000 images every 5 epochs</c>.
/// Values that differ between sweep points show as ranges.
/// </summary>
public static class RunBudget
{
    public static string Format(IReadOnlyList<SweepPoint> points)
    {
        var specs = points.Select(p => p.Spec).ToList();
        var counts = specs.Select(s => DataSource.Counts(s.Data)).ToList();
        var every = specs.Select(s => s.Eval.EveryEpochs > 0 && s.Eval.EveryEpochs < s.Train.Epochs ? s.Eval.EveryEpochs : 0).ToList();
        var when = every.All(e => e == 0) ? "after the last epoch"
            : every.All(e => e > 0) ? $"every {Range(every)} epochs"
            : $"every {Range(every.Where(e => e > 0))} epochs or after the last";
        return $"budget: {Plural(points.Count, "point")} x {Range(specs.Select(s => s.Train.Epochs))} epochs x {Range(counts.Select(c => c.Train))} images; " +
               $"evaluation K={Range(specs.Select(s => s.Eval.NllK))} on {Range(counts.Select(c => c.Test))} images {when}";
    }

    private static string Plural(int n, string noun) => $"{Number(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        var (min, max) = (list.Min(), list.Max());
        return min == max ? Number(min) : $"{Number(min)}-{Number(max)}";
    }

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
