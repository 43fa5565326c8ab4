using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>a - b with broadcasting. da = dy, db = -dy (each summed over its stretched dimensions).</summary>
    public static Tensor Subtract(this Tensor a, Tensor b)
    {
        var shape = Broadcasting.ResultShape(a.Shape, b.Shape, "Subtract");
        if (TorchOps.Any(a, b)) return TorchOps.Binary(a, b, "Subtract", static (p, q) => p.sub(q));
        var y = Tensor.Empty(shape);
        Broadcasting.Binary(BinaryKind.Subtract, a.Data, a.Shape, b.Data, b.Shape, y.Data, shape);
        return Graph.Record(y, SubtractGrad.Instance, a, b);
    }

    private sealed class SubtractGrad : IGradFn
    {
        public static readonly SubtractGrad Instance = new();

        public string Name => "Subtract";

        public void Backward(Tensor y, GradNode node)
        {
            var g = y.Grad!.Data;
            var (a, b) = (node.InputA!, node.InputB!);
            if (a.RequiresGrad) Broadcasting.ReduceAdd(g, y.Shape, a.GradData(), a.Shape);
            if (!b.RequiresGrad) return;
            var gb = b.GradData();
            if (b.Shape == y.Shape)
            {
                TensorPrimitives.Subtract(gb, g, gb);
                return;
            }
            // Reduce into a zeroed scratch of b's shape, then subtract it.
            using var scratch = TensorScope.Begin();
            var reduced = Tensor.Zeros(b.Shape);
            Broadcasting.ReduceAdd(g, y.Shape, reduced.Data, b.Shape);
            TensorPrimitives.Subtract(gb, reduced.Data, gb);
        }
    }
}
