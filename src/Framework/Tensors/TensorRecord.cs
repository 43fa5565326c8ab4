namespace Research.Framework.Tensors;

/// <summary>
/// What a layer above (autodiff) records on an op's output, opaque to the tensor: the tensor only
/// holds it, names it (<see cref="Tensor.GradFnName"/>) and, when the scope that owns the tensor ends,
/// returns it to the thread's <see cref="TensorPool"/> for that layer to reuse.
/// </summary>
internal abstract class TensorRecord
{
    /// <summary>The name of the op that produced the tensor, e.g. "MatMul" (for debugging only).</summary>
    public abstract string Name { get; }
}
