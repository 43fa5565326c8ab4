using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = √x. dx = dy / (2 y) (+inf at x = 0, as in PyTorch).</summary>
    public static Tensor Sqrt(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.sqrt());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Sqrt(x.Data, y.Data);
        return Graph.Record(y, SqrtGrad.Instance, x);
    }

    private sealed class SqrtGrad : UnaryGrad
    {
        public static readonly SqrtGrad Instance = new();

        public override string Name => "Sqrt";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            TensorPrimitives.Multiply(y.Data, 2f, d);
            TensorPrimitives.Reciprocal(d, d);
        }
    }
}
