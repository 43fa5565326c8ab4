using Research.Framework.Nn;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A flow step that owns its parameters: a <see cref="Module"/> (so its parameters are found by
/// walking it, also inside a list of steps) and an <see cref="IFlowTransform"/>. The module's
/// one-argument forward is the transform without context, keeping only z'.
/// </summary>
public abstract record FlowTransform : Module, IFlowTransform
{
    /// <inheritdoc/>
    public abstract (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context);

    /// <summary>z' of <see cref="Forward(Tensor, Tensor?)"/> without context.</summary>
    public sealed override Tensor Forward(Tensor x) => Forward(x, null).Z;
}
