using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x + s for a constant s (no scalar tensor is made). dx = dy.</summary>
    public static Tensor AddScalar(this Tensor x, float s)
    {
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).add(s), x.Device);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Add(x.Data, s, y.Data);
        return Graph.Record(y, AddScalarGrad.Instance, x);
    }

    private sealed class AddScalarGrad : IGradFn
    {
        public static readonly AddScalarGrad Instance = new();

        public string Name => "AddScalar";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Add(gx, y.Grad!.Data, gx);
        }
    }
}
