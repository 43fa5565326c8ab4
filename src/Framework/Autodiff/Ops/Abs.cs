using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = |x|. dx = sign(x) dy (0 at x = 0).</summary>
    public static Tensor Abs(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.abs());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Abs(x.Data, y.Data);
        return Graph.Record(y, AbsGrad.Instance, x);
    }

    private sealed class AbsGrad : UnaryGrad
    {
        public static readonly AbsGrad Instance = new();

        public override string Name => "Abs";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            var xd = x.Data;
            for (var i = 0; i < d.Length; i++) d[i] = xd[i] > 0f ? 1f : xd[i] < 0f ? -1f : 0f;
        }
    }
}
