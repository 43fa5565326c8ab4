using Research.Experiments.Runner;
using Research.Framework.Evaluation;

namespace Research.Experiments.Artifacts;

/// <summary>
/// Where a sweep point ended: the test metrics of its last evaluation and the training averages of its
/// last epoch, in nats per example, and its last disentanglement metrics; NaN (or null) where the point has no such value.
/// </summary>
public sealed record FinalMetrics(
    double TestLogLikelihood, double TestElbo, double TestReconstruction, double TestKl, int? ActiveUnits,
    double TrainLoss, double TrainBound, double TrainReconstruction, double TrainKl, DisentanglementResult? Disentanglement = null)
{
    public bool HasTest => ActiveUnits is not null;

    public bool HasTrain => double.IsFinite(TrainLoss);

    public static FinalMetrics Of(PointResult result)
    {
        var test = result.LastEvaluated?.Test;
        var last = result.History.Count > 0 ? result.History[^1] : null;
        return new FinalMetrics(
            test?.LogLikelihood ?? double.NaN, test?.Elbo ?? double.NaN, test?.Reconstruction ?? double.NaN, test?.Kl ?? double.NaN,
            test?.ActiveUnits.Count,
            last?.Loss ?? double.NaN, last?.Bound ?? double.NaN, last?.Reconstruction ?? double.NaN, last?.Kl ?? double.NaN,
            result.History.LastOrDefault(e => e.Disentanglement is not null)?.Disentanglement);
    }
}
