using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = e^x (overflows to +inf above ~88.7, like float math). dx = y * dy.</summary>
    public static Tensor Exp(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.exp());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Exp(x.Data, y.Data);
        return Graph.Record(y, ExpGrad.Instance, x);
    }

    private sealed class ExpGrad : IGradFn
    {
        public static readonly ExpGrad Instance = new();

        public string Name => "Exp";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, y.Data, gx, gx);
        }
    }
}
