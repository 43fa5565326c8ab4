using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>a / b elementwise with broadcasting. da = dy / b, db = -dy * a / b^2 = -dy * y / b.</summary>
    public static Tensor Divide(this Tensor a, Tensor b)
    {
        var shape = Broadcasting.ResultShape(a.Shape, b.Shape, "Divide");
        if (TorchOps.Any(a, b)) return TorchOps.Binary(a, b, "Divide", static (p, q) => p.div(q));
        var y = Tensor.Empty(shape);
        Broadcasting.Binary(BinaryKind.Divide, a.Data, a.Shape, b.Data, b.Shape, y.Data, shape);
        return Graph.Record(y, DivideGrad.Instance, a, b);
    }

    private sealed class DivideGrad : IGradFn
    {
        public static readonly DivideGrad Instance = new();

        public string Name => "Divide";

        public void Backward(Tensor y, GradNode node)
        {
            var (a, b) = (node.InputA!, node.InputB!);
            var g = y.Grad!.Data;
            var ga = a.RequiresGrad ? a.GradData() : default;
            var gb = b.RequiresGrad ? b.GradData() : default;
            using var scratch = TensorScope.Begin();
            // q = dy / b (broadcast b); then da += reduce(q) and db -= reduce(q * y).
            var q = Tensor.Empty(y.Shape);
            Broadcasting.Binary(BinaryKind.Divide, g, y.Shape, b.Data, b.Shape, q.Data, y.Shape);
            if (a.RequiresGrad) Broadcasting.ReduceAdd(q.Data, y.Shape, ga, a.Shape);
            if (!b.RequiresGrad) return;
            TensorPrimitives.Multiply(q.Data, y.Data, q.Data);
            if (b.Shape == y.Shape)
            {
                TensorPrimitives.Subtract(gb, q.Data, gb);
                return;
            }
            var reduced = Tensor.Zeros(b.Shape);
            Broadcasting.ReduceAdd(q.Data, y.Shape, reduced.Data, b.Shape);
            TensorPrimitives.Subtract(gb, reduced.Data, gb);
        }
    }
}
