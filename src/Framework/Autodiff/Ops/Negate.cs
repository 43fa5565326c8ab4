using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = -x. dx = -dy.</summary>
    public static Tensor Negate(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.neg());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Negate(x.Data, y.Data);
        return Graph.Record(y, NegateGrad.Instance, x);
    }

    private sealed class NegateGrad : IGradFn
    {
        public static readonly NegateGrad Instance = new();

        public string Name => "Negate";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Subtract(gx, y.Grad!.Data, gx);
        }
    }
}
