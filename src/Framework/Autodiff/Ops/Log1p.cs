using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln(1 + x), accurate for tiny x where ln(1 + x) in float would round to 0. dx = dy / (1 + x).</summary>
    public static Tensor Log1p(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.log1p());
        var y = Tensor.Empty(x.Shape);
        StableMath.Log1p(x.Data, y.Data);
        return Graph.Record(y, Log1pGrad.Instance, x);
    }

    private sealed class Log1pGrad : UnaryGrad
    {
        public static readonly Log1pGrad Instance = new();

        public override string Name => "Log1p";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            TensorPrimitives.Add(x.Data, 1f, d);
            TensorPrimitives.Reciprocal(d, d);
        }
    }
}
