using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>Records an op's output in the autodiff graph.</summary>
internal static class Graph
{
    /// <summary>
    /// Links <paramref name="output"/> to its inputs and backward rule when gradients are on and
    /// any input requires one; otherwise leaves it a plain constant. Returns the output.
    /// </summary>
    public static Tensor Record(Tensor output, IGradFn gradFn, Tensor a, Tensor? b = null, Tensor? c = null)
    {
        Recorded(output, gradFn, a, b, c);
        return output;
    }

    /// <summary>
    /// As <see cref="Record"/>, returning the new node (for the op to store the arguments its rule
    /// needs), or null when nothing was recorded.
    /// </summary>
    public static GradNode? Recorded(Tensor output, IGradFn gradFn, Tensor a, Tensor? b = null, Tensor? c = null)
    {
        if (!NoGrad.IsGradEnabled) return null;
        if (!(a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false))) return null;
        var node = GradNode.Rent(gradFn, output, a, b, c);
        output.Record = node;
        output.RequiresGrad = true;
        return node;
    }
}
