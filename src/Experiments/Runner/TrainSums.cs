using Research.Framework.Evaluation;
using Research.Framework.Training;

namespace Research.Experiments.Runner;

/// <summary>Running sums of an epoch's per-batch training terms, turned into the epoch's averages.</summary>
internal sealed class TrainSums
{
    private double _loss, _bound, _elbo, _reconstruction, _kl;
    private long _samples;
    private CodeUsage? _codes;

    public int Batches { get; private set; }

    public void Add(StepResult step, int rows)
    {
        _loss += step.Loss;
        _bound += step.Bound;
        _elbo += step.Elbo;
        _reconstruction += step.Reconstruction;
        _kl += step.Kl;
        _samples += rows;
        if (step.CodeCounts is { } counts) _codes = _codes?.Add(counts) ?? new CodeUsage(counts);
        Batches++;
    }

    public EpochLog ToLog(int epoch, long step, double klWeight, double learningRate, double seconds)
    {
        var n = Math.Max(Batches, 1);
        return new EpochLog(epoch, step, _loss / n, _bound / n, _elbo / n, _reconstruction / n, _kl / n,
            klWeight, learningRate, seconds, _samples / Math.Max(seconds, 1e-9), Test: null, CodeCounts: _codes?.Counts);
    }
}
