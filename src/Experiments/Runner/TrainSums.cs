using Research.Framework.Objectives;
using Research.Framework.Tensors;

namespace Research.Experiments.Runner;

/// <summary>Running sums of an epoch's per-batch training terms, turned into the epoch's averages.</summary>
internal sealed class TrainSums
{
    private double _loss, _bound, _elbo, _reconstruction, _kl;
    private long _samples;

    public int Batches { get; private set; }
    public double LastLoss { get; private set; }

    public void Add(float loss, ElboTerms terms, int rows)
    {
        _loss += loss;
        _bound += Mean(terms.Bound);
        _elbo += Mean(terms.Elbo);
        _reconstruction += Mean(terms.Reconstruction);
        _kl += Mean(terms.Kl);
        _samples += rows;
        LastLoss = loss;
        Batches++;
    }

    public EpochLog ToLog(int epoch, long step, double klWeight, double learningRate, double seconds)
    {
        var n = Math.Max(Batches, 1);
        return new EpochLog(epoch, step, _loss / n, _bound / n, _elbo / n, _reconstruction / n, _kl / n,
            klWeight, learningRate, seconds, _samples / Math.Max(seconds, 1e-9), Test: null);
    }

    private static double Mean(Tensor t)
    {
        double sum = 0;
        ReadOnlySpan<float> values = t.Device.IsTorch ? t.ToArray() : t.Data; // one small host copy per step on a LibTorch device
        foreach (var v in values) sum += v;
        return sum / t.Size;
    }
}
