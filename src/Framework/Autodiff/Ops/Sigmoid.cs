using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = sigmoid(x) = 1 / (1 + e^-x); saturates cleanly to 0 and 1 (e^-x = inf gives 0, never NaN).
    /// dx = y (1 - y) dy.
    /// </summary>
    public static Tensor Sigmoid(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.sigmoid());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Sigmoid(x.Data, y.Data);
        return Graph.Record(y, SigmoidGrad.Instance, x);
    }

    private sealed class SigmoidGrad : UnaryGrad
    {
        public static readonly SigmoidGrad Instance = new();

        public override string Name => "Sigmoid";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // y - y^2 = y (1 - y)
            TensorPrimitives.Multiply(y.Data, y.Data, d);
            TensorPrimitives.Subtract(y.Data, d, d);
        }
    }
}
