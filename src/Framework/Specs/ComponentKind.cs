namespace Research.Framework.Specs;

/// <summary>The kinds of named, pluggable components a spec chooses from a <see cref="ComponentCatalog"/>.</summary>
public enum ComponentKind
{
    Dataset,
    Activation,
    Prior,
    Posterior,
    Likelihood,
    Objective,
    KlSchedule,
    LrSchedule,
    Optimizer,
}
