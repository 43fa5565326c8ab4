using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>
/// The backward rule of one differentiable op (a vector-Jacobian product). Implementations are
/// stateless singletons; everything a rule needs is on the <see cref="GradNode"/> the op recorded
/// (its inputs, an axis, a scalar, a saved tensor), so recording an op allocates nothing once warm.
/// </summary>
internal interface IGradFn
{
    /// <summary>A short name for error messages and debugging, e.g. "MatMul".</summary>
    string Name { get; }

    /// <summary>
    /// Given the op's <paramref name="output"/>, whose <see cref="Tensor.Grad"/> holds dLoss/dOutput,
    /// and its record <paramref name="node"/>, adds dLoss/dInput into the gradient of every input that requires it.
    /// </summary>
    void Backward(Tensor output, GradNode node);
}
