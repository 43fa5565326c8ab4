using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>
/// The autodiff record of one op's output: its backward rule, its inputs (at most three) and the
/// arguments the rule needs (a saved tensor, a scalar, two integers, row indices). The output tensor
/// holds it in its opaque <see cref="Tensor.Record"/> slot; the tensor layer knows nothing of its fields.
/// </summary>
/// <remarks>
/// Nodes are pooled per thread with the tensors (<see cref="TensorPool"/>): a node goes back to the
/// pool when the scope that owns its output ends, and <see cref="Graph.Recorded"/> overwrites every
/// field when it takes one out, so a warm training step allocates no nodes. A node of a tensor made
/// outside any scope is left to the garbage collector with it.
/// </remarks>
internal sealed class GradNode : TensorRecord
{
    /// <summary>The op's backward rule.</summary>
    public IGradFn Rule = null!;

    /// <summary>The tensor this node produced (the rule reads its gradient and shape).</summary>
    public Tensor Output = null!;

    public Tensor? InputA, InputB, InputC;

    /// <summary>A tensor the forward pass computed for the backward pass (MaskedMatMul's masked weight).</summary>
    public Tensor? Saved;

    /// <summary>A constant input the rule reads but does not differentiate (LinearBernoulliLogProb's data x).</summary>
    public Tensor? SavedConstant;

    public float ScalarArg;

    public int IntArg, IntArg2;

    /// <summary>Caller-owned row indices (GatherRows), kept for the backward pass.</summary>
    public int[]? Indices;

    /// <summary>The traversal that last reached this node (<see cref="Backprop"/>'s depth-first search).</summary>
    public int VisitStamp;

    public override string Name => Rule.Name;

    /// <summary>The node of <paramref name="tensor"/>, or null for a leaf or a constant.</summary>
    public static GradNode? Of(Tensor tensor) => tensor.Record as GradNode;

    /// <summary>A node from this thread's pool (or a new one) with every field set for a new op.</summary>
    public static GradNode Rent(IGradFn rule, Tensor output, Tensor a, Tensor? b, Tensor? c)
    {
        var node = TensorPool.Current.RentRecord() as GradNode ?? new GradNode();
        node.Rule = rule;
        node.Output = output;
        node.InputA = a;
        node.InputB = b;
        node.InputC = c;
        node.Saved = null;
        node.SavedConstant = null;
        node.ScalarArg = 0f;
        node.IntArg = node.IntArg2 = 0;
        node.Indices = null;
        return node;
    }
}
