using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ln(1 - e^{-x}) for x &gt; 0 (the log of the mass between two sigmoids a distance x apart,
    /// as in the discretized logistic). Computed as ln(-expm1(-x)) for x ≤ ln 2 and
    /// log1p(-e^{-x}) above (Mächler 2012, "Accurately computing log(1 - exp(-|a|))"), so it stays
    /// accurate for tiny and for large x. x = 0 gives -inf; x &lt; 0 gives NaN.
    /// dx = dy / expm1(x).
    /// </summary>
    public static Tensor Log1mExp(this Tensor x)
    {
        if (TorchOps.Any(x))
        {
            // The same two branches as below (Mächler 2012), chosen elementwise.
            using var temporaries = torch.NewDisposeScope();
            var t = TorchOps.Of(x);
            var result = torch.where(t.le(0.6931472f), t.neg().expm1().neg().log(), t.neg().exp().neg().log1p());
            return TorchOps.Result(result.MoveToOuterDisposeScope(), x.Device);
        }
        var y = Tensor.Empty(x.Shape);
        var xd = x.Data;
        var yd = y.Data;
        for (var i = 0; i < xd.Length; i++) yd[i] = Log1mExp(xd[i]);
        return Graph.Record(y, Log1mExpGrad.Instance, x);
    }

    private static float Log1mExp(float x) =>
        x <= 0.6931472f ? MathF.Log(-StableMath.Expm1(-x)) : StableMath.Log1p(-MathF.Exp(-x));

    private sealed class Log1mExpGrad : UnaryGrad
    {
        public static readonly Log1mExpGrad Instance = new();

        public override string Name => "Log1mExp";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // d/dx log(1 - e^-x) = 1 / (e^x - 1)
            var xd = x.Data;
            for (var i = 0; i < d.Length; i++) d[i] = 1f / StableMath.Expm1(xd[i]);
        }
    }
}
