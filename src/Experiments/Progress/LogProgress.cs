using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Research.Experiments.Runner;
using Research.Framework.Sweeps;
using Research.Framework.Training;

namespace Research.Experiments.Progress;

/// <summary>
/// Progress as plain log lines (output redirected, or CI set): one line per epoch with its metrics,
/// and within a long epoch or evaluation a line every <paramref name="heartbeat"/> so a log never goes quiet.
/// </summary>
public sealed class LogProgress(ILogger<LogProgress> logger, TimeSpan heartbeat) : IRunProgress
{
    public Task<T> ShowAsync<T>(Func<Task<T>> work) => work();

    public IPointProgress StartPoint(SweepPoint point, int pointCount, int firstEpoch, int epochs, int stepsPerEpoch) =>
        new Point(logger, heartbeat, $"point {point.Index + 1}/{pointCount}", stepsPerEpoch, point.Spec.Model.IsConditional);

    private sealed class Point(ILogger logger, TimeSpan heartbeat, string name, int stepsPerEpoch, bool conditional) : IPointProgress
    {
        private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();

        public void Step(int epoch, int batch, StepResult step)
        {
            if (_sinceLastLine.Elapsed < heartbeat) return;
            _sinceLastLine.Restart();
            logger.LogInformation("{Point} epoch {Epoch}: step {Batch}/{Steps}, loss {Loss:F3}, bound {Bound:F3}, kl {Kl:F3}",
                name, epoch, batch, stepsPerEpoch, step.Loss, step.Bound, step.Kl);
        }

        public void Evaluating(int epoch, int done, int total)
        {
            if (_sinceLastLine.Elapsed < heartbeat) return;
            _sinceLastLine.Restart();
            logger.LogInformation("{Point} epoch {Epoch}: evaluating, {Done}/{Total} test images", name, epoch, done, total);
        }

        public void Epoch(EpochLog log, int epochs)
        {
            _sinceLastLine.Restart();
            logger.LogInformation("{Point} epoch {Epoch}/{Epochs}: {Summary}", name, log.Epoch, epochs, Describe(log, conditional));
        }

        public void End(PointResult result) =>
            logger.LogInformation("{Point} {Status}{Reason}", name, result.Status.ToString().ToUpperInvariant(),
                result.FailureReason is null ? "" : $": {result.FailureReason}");
    }

    /// <summary>
    /// An epoch in one line: training averages, then the evaluation when there is one; a conditional
    /// model's (CVAE) test likelihood is log p(x|y).
    /// </summary>
    public static string Describe(EpochLog log, bool conditional = false)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"loss {log.Loss:F3}, elbo {log.Elbo:F3}, kl {log.Kl:F3}, {log.SamplesPerSecond:F0} samples/s");
        return log.Test is null
            ? text
            : text + string.Create(CultureInfo.InvariantCulture,
                $"; test {LikelihoodName.Of(conditional)} {log.Test.LogLikelihood:F3}, elbo {log.Test.Elbo:F3}, kl {log.Test.Kl:F3}, active units {log.Test.ActiveUnits.Count}");
    }
}
