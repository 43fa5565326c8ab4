using System.Globalization;
using Research.Experiments.Runner;
using Research.Framework.Sweeps;
using Spectre.Console;

namespace Research.Experiments.Progress;

/// <summary>
/// Progress bars on a terminal (Spectre.Console): one for the sweep's points and one per training
/// point (its steps over all epochs) with the current epoch and loss, elapsed time and ETA.
/// </summary>
public sealed class TerminalProgress(IAnsiConsole console) : IRunProgress
{
    private ProgressContext? _context;
    private ProgressTask? _sweep;
    private readonly Lock _gate = new();

    public Task<T> ShowAsync<T>(Func<Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _context = context;
                return await work();
            });

    public IPointProgress StartPoint(SweepPoint point, int pointCount, int firstEpoch, int epochs, int stepsPerEpoch)
    {
        var context = _context ?? throw new InvalidOperationException("StartPoint outside ShowAsync.");
        lock (_gate)
        {
            if (pointCount > 1 && _sweep is null) _sweep = context.AddTask("sweep points", maxValue: pointCount);
            var name = pointCount > 1 ? $"point {point.Index + 1}/{pointCount} {PointRunner.RunName(point)}" : point.Spec.Name;
            var task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, (double)epochs * stepsPerEpoch));
            task.Value = (double)(firstEpoch - 1) * stepsPerEpoch;
            return new Point(this, task, Markup.Escape(name), stepsPerEpoch);
        }
    }

    private void PointEnded()
    {
        lock (_gate) _sweep?.Increment(1);
    }

    private sealed class Point(TerminalProgress owner, ProgressTask task, string name, int stepsPerEpoch) : IPointProgress
    {
        public void Step(int epoch, int batch, double loss)
        {
            if (batch % 10 != 0) return; // the bar needs no more; each update takes a lock and records a speed sample
            task.Value = (double)(epoch - 1) * stepsPerEpoch + batch;
            if (batch % 50 == 0) task.Description = string.Create(CultureInfo.InvariantCulture, $"{name} [grey]epoch {epoch} loss {loss:F2}[/]");
        }

        public void Evaluating(int epoch, int done, int total) =>
            task.Description = string.Create(CultureInfo.InvariantCulture, $"{name} [grey]epoch {epoch} evaluating {done}/{total}[/]");

        public void Epoch(EpochLog log, int epochs)
        {
            var test = log.Test is null ? "" : string.Create(CultureInfo.InvariantCulture, $" log p(x) {log.Test.LogLikelihood:F2}");
            task.Description = string.Create(CultureInfo.InvariantCulture, $"{name} [grey]epoch {log.Epoch}/{epochs} loss {log.Loss:F2}{test}[/]");
        }

        public void End(PointResult result)
        {
            var colour = result.Status == Framework.Tracking.RunStatus.Finished ? "green" : "red";
            task.Description = $"{name} [{colour}]{result.Status.ToString().ToUpperInvariant()}[/]";
            task.StopTask();
            owner.PointEnded();
        }
    }
}
