namespace Research.Experiments.Progress;

/// <summary>What a point is doing: each phase has its own bar and its own ETA.</summary>
public enum PointPhase
{
    Training,
    Evaluating,
    Ended,
}
