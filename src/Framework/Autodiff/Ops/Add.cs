using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(this Tensor a, Tensor b)
    {
        var shape = Broadcasting.ResultShape(a.Shape, b.Shape, "Add");
        if (TorchOps.Any(a, b)) return TorchOps.Binary(a, b, "Add", static (p, q) => p.add(q));
        var y = Tensor.Empty(shape);
        Broadcasting.Binary(BinaryKind.Add, a.Data, a.Shape, b.Data, b.Shape, y.Data, shape);
        return Graph.Record(y, AddGrad.Instance, a, b);
    }

    private sealed class AddGrad : IGradFn
    {
        public static readonly AddGrad Instance = new();

        public string Name => "Add";

        public void Backward(Tensor y, GradNode node)
        {
            var g = y.Grad!.Data;
            var (a, b) = (node.InputA!, node.InputB!);
            if (a.RequiresGrad) Broadcasting.ReduceAdd(g, y.Shape, a.GradData(), a.Shape);
            if (b.RequiresGrad) Broadcasting.ReduceAdd(g, y.Shape, b.GradData(), b.Shape);
        }
    }
}
