using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = tanh x. dx = (1 - y^2) dy.</summary>
    public static Tensor Tanh(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.tanh());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Tanh(x.Data, y.Data);
        return Graph.Record(y, TanhGrad.Instance, x);
    }

    private sealed class TanhGrad : UnaryGrad
    {
        public static readonly TanhGrad Instance = new();

        public override string Name => "Tanh";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // 1 - y^2
            TensorPrimitives.Multiply(y.Data, y.Data, d);
            TensorPrimitives.Subtract(1f, d, d);
        }
    }
}
