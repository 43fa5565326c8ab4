using Research.Framework.Training;

namespace Research.Experiments.Progress;

/// <summary>
/// Where one point stands, as the terminal shows it: a value, changed only by the pure transitions
/// below. Time is passed in (the time since the last update, which belongs to the phase that was
/// running), so the ETAs are plain arithmetic and testable without a clock.
/// </summary>
/// <param name="StartStep">The step this process started at (a resumed point's earlier steps took no time here).</param>
/// <param name="PhaseTime">Time spent in the current phase: all training so far, or the current evaluation.</param>
public sealed record PointProgressState(
    string Name,
    int Epochs,
    int StepsPerEpoch,
    long StartStep,
    PointPhase Phase,
    int Epoch,
    long StepsDone,
    double Loss,
    double Bound,
    double Kl,
    int Evaluated,
    int EvaluationTotal,
    TimeSpan TrainingTime,
    TimeSpan EvaluationTime,
    string? Status)
{
    /// <summary>A point that starts (or resumes) at <paramref name="firstEpoch"/>.</summary>
    public static PointProgressState Start(string name, int firstEpoch, int epochs, int stepsPerEpoch)
    {
        var start = (long)(firstEpoch - 1) * stepsPerEpoch;
        return new(name, epochs, stepsPerEpoch, start, PointPhase.Training, Math.Min(firstEpoch, epochs), start,
            double.NaN, double.NaN, double.NaN, 0, 0, TimeSpan.Zero, TimeSpan.Zero, null);
    }

    public long TotalSteps => (long)Epochs * StepsPerEpoch;

    /// <summary>The share of the point's training steps done, 0 to 1 (1 once it ended, whatever the reason).</summary>
    public double Fraction => Phase == PointPhase.Ended || TotalSteps == 0 ? 1 : Math.Clamp((double)StepsDone / TotalSteps, 0, 1);

    /// <summary>The bar of the current phase: steps of all epochs while training, data points while evaluating.</summary>
    public (double Value, double Max) Bar => Phase switch
    {
        PointPhase.Evaluating => (Evaluated, Math.Max(1, EvaluationTotal)),
        _ => (Phase == PointPhase.Ended ? Math.Max(StepsDone, TotalSteps) : StepsDone, Math.Max(1, TotalSteps)),
    };

    /// <summary>Time left in the current phase at the pace seen so far in it; null until there is a pace to go by.</summary>
    public TimeSpan? Eta => Phase switch
    {
        PointPhase.Training => Remaining(TrainingTime, StepsDone - StartStep, TotalSteps - StepsDone),
        PointPhase.Evaluating => Remaining(EvaluationTime, Evaluated, EvaluationTotal - Evaluated),
        _ => TimeSpan.Zero,
    };

    /// <summary><paramref name="elapsed"/> scaled from the work done to the work left.</summary>
    public static TimeSpan? Remaining(TimeSpan elapsed, double done, double left) =>
        done <= 0 ? null : left <= 0 ? TimeSpan.Zero : elapsed * (left / done);

    /// <summary>Counts <paramref name="delta"/> as time of the phase that was running.</summary>
    public PointProgressState Advance(TimeSpan delta) => Phase switch
    {
        PointPhase.Training => this with { TrainingTime = TrainingTime + delta },
        PointPhase.Evaluating => this with { EvaluationTime = EvaluationTime + delta },
        _ => this,
    };

    /// <summary>A training step ended (batch 1-based within the epoch).</summary>
    public PointProgressState Stepped(int epoch, int batch, StepResult step) => this with
    {
        Phase = PointPhase.Training,
        Epoch = epoch,
        StepsDone = (long)(epoch - 1) * StepsPerEpoch + batch,
        Loss = step.Loss,
        Bound = step.Bound,
        Kl = step.Kl,
    };

    /// <summary>The evaluation after <paramref name="epoch"/> scored <paramref name="done"/> of <paramref name="total"/> data points; a new evaluation starts its own clock.</summary>
    public PointProgressState Evaluating(int epoch, int done, int total) => this with
    {
        Phase = PointPhase.Evaluating,
        Epoch = epoch,
        Evaluated = done,
        EvaluationTotal = total,
        EvaluationTime = Phase == PointPhase.Evaluating && done >= Evaluated ? EvaluationTime : TimeSpan.Zero,
    };

    /// <summary>An epoch ended (its evaluation with it): training goes on, with the epoch's averages shown.</summary>
    public PointProgressState EpochEnded(int epoch, double loss, double bound, double kl) => this with
    {
        Phase = PointPhase.Training,
        Epoch = epoch,
        StepsDone = (long)epoch * StepsPerEpoch,
        Loss = loss,
        Bound = bound,
        Kl = kl,
    };

    public PointProgressState Ended(string status) => this with { Phase = PointPhase.Ended, Status = status };
}
