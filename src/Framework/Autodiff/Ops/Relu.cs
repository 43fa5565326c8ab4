using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = max(x, 0). dx = dy where x &gt; 0, else 0.</summary>
    public static Tensor Relu(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.relu());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        return Graph.Record(y, ReluGrad.Instance, x);
    }

    private sealed class ReluGrad : UnaryGrad
    {
        public static readonly ReluGrad Instance = new();

        public override string Name => "Relu";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            var xd = x.Data;
            for (var i = 0; i < d.Length; i++) d[i] = xd[i] > 0f ? 1f : 0f;
        }
    }
}
