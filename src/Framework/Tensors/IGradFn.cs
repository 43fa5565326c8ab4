namespace Research.Framework.Tensors;

/// <summary>
/// The backward rule of one differentiable op (a vector-Jacobian product). Implementations are
/// stateless singletons; everything a rule needs is stored on the output tensor it receives
/// (its inputs, an axis, a scalar, a saved tensor), so recording an op allocates nothing.
/// </summary>
public interface IGradFn
{
    /// <summary>A short name for error messages and debugging, e.g. "MatMul".</summary>
    string Name { get; }

    /// <summary>
    /// Given <paramref name="output"/> whose <see cref="Tensor.Grad"/> holds dLoss/dOutput,
    /// adds dLoss/dInput into the gradient of every input that requires it.
    /// </summary>
    void Backward(Tensor output);
}
