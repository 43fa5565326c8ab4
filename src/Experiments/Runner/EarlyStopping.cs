using Research.Framework.Specs;

namespace Research.Experiments.Runner;

/// <summary>
/// Early stopping on the evaluation set's importance-sampled log-likelihood: training stops when it
/// has not improved by more than <c>min_delta</c> for <c>patience</c> evaluations (0: never stop).
/// Pure functions of the checkpoint state, so a resumed run stops where an uninterrupted one would.
/// </summary>
public static class EarlyStopping
{
    public static CheckpointState Update(CheckpointState state, EpochLog log, EarlyStoppingSpec spec)
    {
        if (log.Test is null || spec.Patience <= 0) return state;
        return log.Test.LogLikelihood > state.BestLogLikelihood + spec.MinDelta
            ? state with { BestLogLikelihood = log.Test.LogLikelihood, EvaluationsWithoutImprovement = 0 }
            : state with { EvaluationsWithoutImprovement = state.EvaluationsWithoutImprovement + 1 };
    }

    public static bool ShouldStop(CheckpointState state, EarlyStoppingSpec spec) =>
        spec.Patience > 0 && state.EvaluationsWithoutImprovement >= spec.Patience;
}
