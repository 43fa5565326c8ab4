using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

/// <summary>Reverse-mode differentiation: the <c>Backward()</c> of a scalar loss.</summary>
public static class Backprop
{
    [ThreadStatic] private static List<GradNode>? _order;
    [ThreadStatic] private static Stack<(GradNode Node, bool Expanded)>? _stack;
    private static int _stamp; // global so that stamps never repeat across threads

    /// <summary>
    /// Adds dLoss/dT into <c>T.Grad</c> for every tensor T that requires a gradient and that
    /// <paramref name="loss"/> depends on. Gradients of leaves (parameters) accumulate across calls
    /// (zero them between optimizer steps); an intermediate result's <c>Grad</c> holds this pass's only. The graph is walked in reverse topological order, found by depth-first search.
    /// </summary>
    public static void Backward(this Tensor loss)
    {
        if (loss.Size != 1)
            throw new InvalidOperationException($"Backward() needs a scalar loss, got shape {loss.Shape}; reduce it with Sum() or Mean() first.");
        if (!loss.RequiresGrad)
            throw new InvalidOperationException("Backward() on a tensor that does not require grad: no parameter reaches this loss, or it was computed under NoGrad.");

        if (loss.Device.IsTorch)
        {
            TorchOps.Backward(loss);
            return;
        }

        var root = GradNode.Of(loss);
        if (root is null)
        {
            loss.GradData()[0] += 1f; // a leaf: its own gradient is all there is
            return;
        }

        var order = _order ??= new List<GradNode>(256);
        order.Clear();
        TopologicalOrder(root, order);

        // Gradients of intermediate results are per pass: a node kept from an earlier Backward()
        // (a shared subgraph) would otherwise feed that pass's gradient to its inputs again.
        foreach (var node in order) node.Output.Grad?.Data.Clear();

        loss.GradData()[0] += 1f;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.Output.Grad is not null) node.Rule.Backward(node.Output, node);
        }
        order.Clear();
    }

    /// <summary>Post-order DFS over op inputs: every node comes after all of its inputs.</summary>
    private static void TopologicalOrder(GradNode root, List<GradNode> order)
    {
        var stamp = Interlocked.Increment(ref _stamp);
        var stack = _stack ??= new Stack<(GradNode, bool)>(256);
        stack.Clear();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(node);
                continue;
            }
            if (node.VisitStamp == stamp) continue;
            node.VisitStamp = stamp;
            stack.Push((node, true));
            Push(stack, node.InputA, stamp);
            Push(stack, node.InputB, stamp);
            Push(stack, node.InputC, stamp);
        }
    }

    /// <summary>Pushes the node of an input that requires a gradient and was produced by a recorded op (leaves need no visit).</summary>
    private static void Push(Stack<(GradNode, bool)> stack, Tensor? input, int stamp)
    {
        if (input is not null && input.RequiresGrad && GradNode.Of(input) is { } node && node.VisitStamp != stamp)
            stack.Push((node, false));
    }
}
