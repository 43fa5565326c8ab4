using System.Globalization;
using System.Text;
using Research.Framework.Evaluation;

namespace Research.Experiments.Runner;

/// <summary>What one epoch of training measured (train averages over its batches; Test when evaluated; Disentanglement when its metrics ran).</summary>
/// <param name="CodeCounts">How often each code was chosen over the epoch's training batches (VQ-VAE), else null.</param>
public sealed record EpochLog(
    int Epoch, long Step, double Loss, double Bound, double Elbo, double Reconstruction, double Kl,
    double KlWeight, double LearningRate, double Seconds, double SamplesPerSecond, EvaluationResult? Test,
    DisentanglementResult? Disentanglement = null, long[]? CodeCounts = null)
{
    /// <summary>The MLflow metrics of this epoch (names as shown in the UI).</summary>
    public IEnumerable<KeyValuePair<string, double>> Metrics()
    {
        yield return new("train_loss", Loss);
        yield return new("train_bound", Bound);
        yield return new("train_elbo", Elbo);
        yield return new("train_reconstruction", Reconstruction);
        yield return new("train_kl", Kl);
        yield return new("kl_weight", KlWeight);
        yield return new("lr", LearningRate);
        yield return new("seconds_per_epoch", Seconds);
        yield return new("samples_per_second", SamplesPerSecond);
        if (CodeCounts is not null)
        {
            var usage = new CodeUsage(CodeCounts);
            yield return new("train_code_perplexity", usage.Perplexity);
            yield return new("train_codes_used", usage.UsedFraction);
        }
        if (Test is not null)
        {
            yield return new("test_loglik", Test.LogLikelihood);
            yield return new("test_elbo", Test.Elbo);
            yield return new("test_reconstruction", Test.Reconstruction);
            yield return new("test_kl", Test.Kl);
            yield return new("active_units", Test.ActiveUnits.Count);
        }
        if (Disentanglement is not null)
            foreach (var metric in Disentanglement.Metrics()) yield return metric;
    }

    /// <summary>A history as CSV: one row per epoch, a column per metric (empty where an epoch was not evaluated).</summary>
    public static string ToCsv(IReadOnlyList<EpochLog> history)
    {
        var keys = history.SelectMany(h => h.Metrics().Select(m => m.Key)).Distinct().ToList();
        var csv = new StringBuilder("epoch,step," + string.Join(",", keys) + "\n");
        foreach (var h in history)
        {
            var values = h.Metrics().ToDictionary(m => m.Key, m => m.Value);
            csv.Append(CultureInfo.InvariantCulture, $"{h.Epoch},{h.Step}");
            foreach (var key in keys)
                csv.Append(',').Append(values.TryGetValue(key, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            csv.Append('\n');
        }
        return csv.ToString();
    }
}
