using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>
/// The backward rule shared by elementwise ops y = f(x): dx += dy * f'(x) (dx = dy * f'(x) into a new gradient).
/// An op says only how to write f'(x) from x and y (and any setting stored on the op's node) into a buffer.
/// </summary>
internal abstract class UnaryGrad : IGradFn
{
    public abstract string Name { get; }

    /// <summary>
    /// Writes f'(x) elementwise into <paramref name="derivative"/>, for the output <paramref name="y"/> of the
    /// op on <paramref name="x"/> recorded as <paramref name="node"/> (which holds any setting of the op).
    /// Every value must be written: the buffer may be a new, unzeroed gradient.
    /// </summary>
    protected abstract void Derivative(Tensor x, Tensor y, GradNode node, Span<float> derivative);

    public void Backward(Tensor y, GradNode node)
    {
        var x = node.InputA!;
        if (!x.RequiresGrad) return;
        var gx = x.GradDataToWrite(out var accumulate);
        if (!accumulate)
        {
            // A new gradient: f'(x) straight into it, then times dy (no scratch, no zeroing).
            Derivative(x, y, node, gx);
            TensorPrimitives.Multiply(y.Grad!.Data, gx, gx);
            return;
        }
        using var scratch = TensorScope.Begin();
        var d = Tensor.Empty(x.Shape);
        Derivative(x, y, node, d.Data);
        TensorPrimitives.MultiplyAdd(y.Grad!.Data, d.Data, gx, gx);
    }
}
