using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = sigmoid(x) = 1 / (1 + e^-x); saturates cleanly to 0 and 1 (e^-x = inf gives 0, never NaN).
    /// dx = y (1 - y) dy.
    /// </summary>
    public static Tensor Sigmoid(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Sigmoid(x.Data, y.Data);
        return Graph.Record(y, SigmoidGrad.Instance, x);
    }

    private sealed class SigmoidGrad : IGradFn
    {
        public static readonly SigmoidGrad Instance = new();

        public string Name => "Sigmoid";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            // y - y^2 = y (1 - y)
            TensorPrimitives.Multiply(y.Data, y.Data, d.Data);
            TensorPrimitives.Subtract(y.Data, d.Data, d.Data);
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, d.Data, gx, gx);
        }
    }
}
