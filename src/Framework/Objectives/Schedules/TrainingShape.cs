namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// How long training runs, in optimizer steps: what turns a spec's schedule (written in epochs, as a
/// user thinks of it) into a schedule of the step.
/// </summary>
public sealed record TrainingShape(int StepsPerEpoch, int Epochs)
{
    /// <summary>Every step of training, at least 1 (so a schedule spanning training never divides by 0).</summary>
    public long TotalSteps => Math.Max((long)StepsPerEpoch * Epochs, 1);
}
