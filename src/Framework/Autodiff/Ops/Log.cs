using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln x (-inf at 0, NaN below). dx = dy / x.</summary>
    public static Tensor Log(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.log());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Log(x.Data, y.Data);
        return Graph.Record(y, LogGrad.Instance, x);
    }

    private sealed class LogGrad : UnaryGrad
    {
        public static readonly LogGrad Instance = new();

        public override string Name => "Log";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            TensorPrimitives.Reciprocal(x.Data, d);
        }
    }
}
