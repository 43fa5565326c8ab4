namespace Research.Framework.Specs;

/// <summary>
/// A resolved experiment: every key present (defaults filled in), validated, immutable.
/// Keys, types, ranges and defaults are declared once in <see cref="ExperimentSchema"/>;
/// each record parameter binds the snake_case key of the same name.
/// </summary>
public sealed record ExperimentSpec(
    string Name,
    string Description,
    int Seed,
    DataSpec Data,
    ModelSpec Model,
    ObjectiveSpec Objective,
    TrainSpec Train,
    EvalSpec Eval,
    TrackingSpec Tracking,
    SweepSpec? Sweep);
