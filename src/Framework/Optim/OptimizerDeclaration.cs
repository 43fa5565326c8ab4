using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>An optimizer a spec can name (<c>train.optimizer</c>): what builds it from its options.</summary>
public interface IOptimizerDeclaration
{
    /// <summary>The optimizer <paramref name="spec"/> (resolved) describes, over <paramref name="parameters"/>.</summary>
    Optimizer Create(ComponentSpec spec, IReadOnlyList<Tensor> parameters);
}

/// <summary>An optimizer with options <typeparamref name="TOptions"/>, built from them over the parameters it updates.</summary>
public sealed record OptimizerDeclaration<TOptions>(string Name, string Doc, Func<TOptions, IReadOnlyList<Tensor>, Optimizer> Factory)
    : ComponentDeclaration<TOptions>(ComponentKind.Optimizer, Name, Doc), IOptimizerDeclaration
    where TOptions : notnull
{
    public Optimizer Create(ComponentSpec spec, IReadOnlyList<Tensor> parameters) => Factory(Options(spec), parameters);
}
