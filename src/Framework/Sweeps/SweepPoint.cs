using Research.Framework.Specs;

namespace Research.Framework.Sweeps;

/// <summary>
/// One point of a sweep: its position in the expansion, the swept keys with the values this point
/// gives them (in axis order), and the resolved, validated spec to run (with no sweep block).
/// </summary>
public sealed record SweepPoint(int Index, IReadOnlyDictionary<string, object?> Overrides, ExperimentSpec Spec);
