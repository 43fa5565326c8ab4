using Research.Experiments.Runner;
using Research.Framework.Sweeps;
using Research.Framework.Training;

namespace Research.Experiments.Progress;

/// <summary>
/// Where the runner reports progress: bars on a terminal (<see cref="TerminalProgress"/>) or
/// plain log lines when output is redirected or CI is set (<see cref="LogProgress"/>).
/// Called from the training threads; implementations are thread-safe.
/// </summary>
public interface IRunProgress
{
    /// <summary>Runs the whole of <paramref name="work"/> with this display active.</summary>
    Task<T> ShowAsync<T>(Func<Task<T>> work);

    /// <summary>A point starts (or resumes at <paramref name="firstEpoch"/>).</summary>
    IPointProgress StartPoint(SweepPoint point, int pointCount, int firstEpoch, int epochs, int stepsPerEpoch);
}

/// <summary>The progress of one training point.</summary>
public interface IPointProgress
{
    /// <summary>A training step of <paramref name="epoch"/> ended (batch is 1-based within the epoch), with its loss, bound and KL.</summary>
    void Step(int epoch, int batch, StepResult step);

    /// <summary>The evaluation after <paramref name="epoch"/> has scored <paramref name="done"/> of <paramref name="total"/> data points.</summary>
    void Evaluating(int epoch, int done, int total);

    void Epoch(EpochLog log, int epochs);

    void End(PointResult result);
}
