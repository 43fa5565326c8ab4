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
        if (!NoGrad.IsGradEnabled) return output;
        if (!(a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false))) return output;
        output.GradFn = gradFn;
        output.InputA = a;
        output.InputB = b;
        output.InputC = c;
        output.RequiresGrad = true;
        return output;
    }
}
