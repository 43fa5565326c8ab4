using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x for x &gt; 0, slope * x otherwise. dx = dy or slope * dy.</summary>
    public static Tensor LeakyRelu(this Tensor x, float slope = 0.01f)
    {
        if (TorchOps.Any(x)) return TorchOps.Result(torch.nn.functional.leaky_relu(TorchOps.Of(x), slope), x.Device);
        var y = Tensor.Empty(x.Shape);
        var xd = x.Data;
        var yd = y.Data;
        for (var i = 0; i < xd.Length; i++) yd[i] = xd[i] > 0f ? xd[i] : slope * xd[i];
        if (Graph.Recorded(y, LeakyReluGrad.Instance, x) is { } node) node.ScalarArg = slope;
        return y;
    }

    private sealed class LeakyReluGrad : UnaryGrad
    {
        public static readonly LeakyReluGrad Instance = new();

        public override string Name => "LeakyRelu";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            var xd = x.Data;
            var slope = node.ScalarArg;
            for (var i = 0; i < d.Length; i++) d[i] = xd[i] > 0f ? 1f : slope;
        }
    }
}
