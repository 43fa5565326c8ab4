using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = s * x for a constant s (no scalar tensor is made). dx = s * dy.</summary>
    public static Tensor MulScalar(this Tensor x, float s)
    {
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).mul(s), x.Device);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Multiply(x.Data, s, y.Data);
        if (Graph.Recorded(y, MulScalarGrad.Instance, x) is { } node) node.ScalarArg = s;
        return y;
    }

    private sealed class MulScalarGrad : IGradFn
    {
        public static readonly MulScalarGrad Instance = new();

        public string Name => "MulScalar";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, node.ScalarArg, gx, gx);
        }
    }
}
