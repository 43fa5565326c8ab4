using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = tanh x. dx = (1 - y^2) dy.</summary>
    public static Tensor Tanh(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Tanh(x.Data, y.Data);
        return Graph.Record(y, TanhGrad.Instance, x);
    }

    private sealed class TanhGrad : IGradFn
    {
        public static readonly TanhGrad Instance = new();

        public string Name => "Tanh";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Multiply(y.Data, y.Data, d.Data);
            TensorPrimitives.Subtract(1f, d.Data, d.Data);
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, d.Data, gx, gx);
        }
    }
}
