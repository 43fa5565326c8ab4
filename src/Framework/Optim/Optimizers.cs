using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Optim;

/// <summary>The declared optimizers, by spec name.</summary>
public static class Optimizers
{
    public static IOptimizerDeclaration Find(string name) =>
        ComponentDeclarations.Find<ComponentDeclaration>(ComponentKind.Optimizer, name) as IOptimizerDeclaration
        ?? throw new InvalidOperationException($"The optimizer '{name}' is declared without a factory (declare it as an OptimizerDeclaration).");

    /// <summary>The optimizer a resolved <c>train.optimizer</c> names, over <paramref name="parameters"/>.</summary>
    public static Optimizer Create(ComponentSpec spec, IReadOnlyList<Tensor> parameters) => Find(spec.Name).Create(spec, parameters);
}
