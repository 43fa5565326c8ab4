using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x for x &gt; 0, alpha (e^x - 1) otherwise (expm1, accurate near 0).
    /// dx = dy for x &gt; 0, else (y + alpha) dy = alpha e^x dy.
    /// </summary>
    public static Tensor Elu(this Tensor x, float alpha = 1f)
    {
        if (TorchOps.Any(x)) return TorchOps.Result(torch.nn.functional.elu(TorchOps.Of(x), alpha), x.Device);
        var y = Tensor.Empty(x.Shape);
        var xd = x.Data;
        var yd = y.Data;
        for (var i = 0; i < xd.Length; i++) yd[i] = xd[i] > 0f ? xd[i] : alpha * StableMath.Expm1(xd[i]);
        if (Graph.Recorded(y, EluGrad.Instance, x) is { } node) node.ScalarArg = alpha;
        return y;
    }

    private sealed class EluGrad : UnaryGrad
    {
        public static readonly EluGrad Instance = new();

        public override string Name => "Elu";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // alpha e^x = y + alpha below 0
            var xd = x.Data;
            var yd = y.Data;
            var alpha = node.ScalarArg;
            for (var i = 0; i < d.Length; i++) d[i] = xd[i] > 0f ? 1f : yd[i] + alpha;
        }
    }
}
