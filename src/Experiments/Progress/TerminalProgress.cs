using System.Diagnostics;
using Research.Experiments.Runner;
using Research.Framework.Sweeps;
using Research.Framework.Training;
using Spectre.Console;

namespace Research.Experiments.Progress;

/// <summary>
/// Progress bars on a terminal (Spectre.Console): one for the sweep, filled by the steps done in all
/// points, and one per point that shows its phase (training steps over all epochs with the current
/// loss, bound and KL; then each evaluation with its own count) and that phase's ETA. The words come
/// from <see cref="ProgressText"/> over <see cref="PointProgressState"/> values. The live display is
/// cleared when it closes and one final frame is printed in its place, so an interrupted run (Ctrl-C)
/// does not leave the last frame twice.
/// </summary>
public sealed class TerminalProgress(IAnsiConsole console) : IRunProgress
{
    private readonly Lock _gate = new();
    private readonly List<Point> _points = [];
    private readonly Stopwatch _clock = new();
    private ProgressContext? _context;
    private ProgressTask? _sweep;
    private int _pointCount;

    public async Task<T> ShowAsync<T>(Func<Task<T>> work)
    {
        _clock.Start();
        try
        {
            return await console.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    _context = context;
                    return await work();
                });
        }
        finally
        {
            lock (_gate)
            {
                if (_points.Count > 0)
                    console.Markup(ProgressText.FinalFrame([.. _points.Select(p => p.State)], _pointCount, _clock.Elapsed));
            }
        }
    }

    public IPointProgress StartPoint(SweepPoint point, int pointCount, int firstEpoch, int epochs, int stepsPerEpoch)
    {
        var context = _context ?? throw new InvalidOperationException("StartPoint outside ShowAsync.");
        lock (_gate)
        {
            _pointCount = pointCount;
            if (pointCount > 1 && _sweep is null) _sweep = context.AddTask("sweep", maxValue: 1000);
            var name = pointCount > 1 ? $"point {point.Index + 1}/{pointCount} {PointRunner.RunName(point)}" : point.Spec.Name;
            var state = PointProgressState.Start(name, firstEpoch, epochs, stepsPerEpoch);
            var added = new Point(this, context.AddTask(ProgressText.Point(state)), state, _clock.Elapsed);
            _points.Add(added);
            added.Show();
            return added;
        }
    }

    /// <summary>Applies a transition to a point's state under the lock, counting the time since its last update, and redraws.</summary>
    private void Update(Point point, Func<PointProgressState, PointProgressState> change)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            point.State = change(point.State.Advance(now - point.LastUpdate));
            point.LastUpdate = now;
            point.Show();
            if (_sweep is null) return;
            var fraction = ProgressText.SweepFraction(_points.Select(p => p.State), _pointCount);
            _sweep.Value = fraction * _sweep.MaxValue;
            _sweep.Description = ProgressText.Sweep(fraction, _pointCount, now);
        }
    }

    private sealed class Point(TerminalProgress owner, ProgressTask task, PointProgressState state, TimeSpan started) : IPointProgress
    {
        public PointProgressState State { get; set; } = state;
        public TimeSpan LastUpdate { get; set; } = started;

        public void Show()
        {
            var (value, max) = State.Bar;
            task.MaxValue = max;
            task.Value = value;
            task.Description = ProgressText.Point(State);
        }

        public void Step(int epoch, int batch, StepResult step)
        {
            if (batch % 10 != 0) return; // the display needs no more; each update takes a lock
            owner.Update(this, s => s.Stepped(epoch, batch, step));
        }

        public void Evaluating(int epoch, int done, int total) => owner.Update(this, s => s.Evaluating(epoch, done, total));

        public void Epoch(EpochLog log, int epochs) => owner.Update(this, s => s.EpochEnded(log.Epoch, log.Loss, log.Bound, log.Kl));

        public void End(PointResult result)
        {
            owner.Update(this, s => s.Ended(result.Status.ToString().ToUpperInvariant()));
            task.StopTask();
        }
    }
}
