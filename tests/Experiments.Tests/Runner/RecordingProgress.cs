using Research.Experiments.Progress;
using Research.Experiments.Runner;
using Research.Framework.Sweeps;
using Research.Framework.Training;

namespace Research.Experiments.Tests.Runner;

/// <summary>Progress that records what the runner reported, and can act after an epoch (e.g. press Ctrl-C).</summary>
public sealed class RecordingProgress(Action<EpochLog>? afterEpoch = null) : IRunProgress
{
    public List<string> Events { get; } = [];

    public Task<T> ShowAsync<T>(Func<Task<T>> work) => work();

    public IPointProgress StartPoint(SweepPoint point, int pointCount, int firstEpoch, int epochs, int stepsPerEpoch)
    {
        lock (Events) Events.Add($"start {point.Index} at epoch {firstEpoch}");
        return new Point(this, point.Index);
    }

    private sealed class Point(RecordingProgress owner, int index) : IPointProgress
    {
        public void Step(int epoch, int batch, StepResult step) { }

        public void Evaluating(int epoch, int done, int total)
        {
            if (done == total) lock (owner.Events) owner.Events.Add($"evaluated {index}.{epoch} {total}");
        }

        public void Epoch(EpochLog log, int epochs)
        {
            lock (owner.Events) owner.Events.Add($"epoch {index}.{log.Epoch}");
            owner._afterEpoch?.Invoke(log);
        }

        public void End(PointResult result)
        {
            lock (owner.Events) owner.Events.Add($"end {index} {result.Status}");
        }
    }

    private readonly Action<EpochLog>? _afterEpoch = afterEpoch;
}
