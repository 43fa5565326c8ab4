using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = softplus(x) = ln(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it neither
    /// overflows for large x nor rounds to 0 for very negative x. dx = sigmoid(x) * dy.
    /// </summary>
    public static Tensor Softplus(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => torch.nn.functional.softplus(t));
        var y = Tensor.Empty(x.Shape);
        StableMath.SignedSoftplus(x.Data, 1f, y.Data);
        return Graph.Record(y, SoftplusGrad.Instance, x);
    }

    private sealed class SoftplusGrad : UnaryGrad
    {
        public static readonly SoftplusGrad Instance = new();

        public override string Name => "Softplus";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            TensorPrimitives.Sigmoid(x.Data, d);
        }
    }
}
