using Research.Framework.Evaluation;
using Research.Framework.Tracking;

namespace Research.Experiments.Runner;

/// <summary>
/// A point's epoch history read back from its run's metrics (logged per epoch by <see cref="EpochLog.Metrics"/>,
/// the epoch as the step): what a sweep's summary and figures need when the points ran in other
/// processes. What the metrics do not hold (the training step, per-dimension KL) is left zero or null; disentanglement metrics come back where they were logged.
/// </summary>
public static class StoredHistory
{
    /// <summary>The metric keys to read back: every one <see cref="EpochLog.Metrics"/> logs.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "train_loss", "train_bound", "train_elbo", "train_reconstruction", "train_kl", "kl_weight", "lr", "seconds_per_epoch",
        "samples_per_second", "test_loglik", "test_elbo", "test_reconstruction", "test_kl", "active_units",
        .. DisentanglementResult.Names,
    ];

    public static IReadOnlyList<EpochLog> FromMetrics(IReadOnlyDictionary<string, IReadOnlyList<Metric>> histories)
    {
        // The last value logged at each epoch wins (a resumed run may log an epoch twice).
        var byEpoch = histories.ToDictionary(h => h.Key, h => h.Value.GroupBy(m => m.Step).ToDictionary(g => g.Key, g => g.Last().Value));
        double Value(string key, long epoch) =>
            byEpoch.TryGetValue(key, out var values) && values.TryGetValue(epoch, out var value) ? value : double.NaN;
        var epochs = byEpoch.TryGetValue("train_loss", out var losses) ? losses.Keys.Order().ToArray() : [];
        return epochs.Select(epoch => new EpochLog((int)epoch, 0, Value("train_loss", epoch), Value("train_bound", epoch), Value("train_elbo", epoch),
            Value("train_reconstruction", epoch), Value("train_kl", epoch), Value("kl_weight", epoch), Value("lr", epoch),
            Value("seconds_per_epoch", epoch), Value("samples_per_second", epoch), Test(epoch), Disentanglement(epoch))).ToArray();

        EvaluationResult? Test(long epoch)
        {
            var logLikelihood = Value("test_loglik", epoch);
            if (double.IsNaN(logLikelihood)) return null;
            var active = Value("active_units", epoch);
            return new EvaluationResult(logLikelihood, Value("test_elbo", epoch), Value("test_reconstruction", epoch), Value("test_kl", epoch), null,
                new ActiveUnits([], double.IsNaN(active) ? 0 : (int)active, 0.01), 0);
        }

        DisentanglementResult? Disentanglement(long epoch)
        {
            var v = DisentanglementResult.Names.Select(name => Value(name, epoch)).ToArray();
            return v.All(double.IsNaN) ? null : new DisentanglementResult(v[0], v[1], v[2], v[3], v[4], v[5]);
        }
    }
}
