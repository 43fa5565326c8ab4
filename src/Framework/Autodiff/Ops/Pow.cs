using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^p for a constant exponent p. dx = p * x^(p-1) * dy.</summary>
    public static Tensor Pow(this Tensor x, float p)
    {
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).pow(p), x.Device);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Pow(x.Data, p, y.Data);
        if (Graph.Recorded(y, PowGrad.Instance, x) is { } node) node.ScalarArg = p;
        return y;
    }

    private sealed class PowGrad : UnaryGrad
    {
        public static readonly PowGrad Instance = new();

        public override string Name => "Pow";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            var p = node.ScalarArg;
            if (p == 0f)
            {
                d.Clear(); // a constant: not 0 * x^-1, which is NaN at x = 0
                return;
            }
            // p x^(p-1) directly rather than p y / x, which is 0/0 at x = 0.
            TensorPrimitives.Pow(x.Data, p - 1f, d);
            TensorPrimitives.Multiply(d, p, d);
        }
    }
}
