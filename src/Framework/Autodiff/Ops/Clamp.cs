using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = min(max(x, min), max). dx = dy where min ≤ x ≤ max, else 0 (the gradient passes
    /// inside the range, bounds included, as in PyTorch).
    /// </summary>
    public static Tensor Clamp(this Tensor x, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).clamp(min, max), x.Device);
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Clamp(x.Data, min, max, y.Data);
        return Graph.Record(y, ClampGrad.Instance, x);
    }

    private sealed class ClampGrad : UnaryGrad
    {
        public static readonly ClampGrad Instance = new();

        public override string Name => "Clamp";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            // Inside the range the clamp is the identity, so y == x marks exactly where dy passes.
            var xd = x.Data;
            var yd = y.Data;
            for (var i = 0; i < d.Length; i++) d[i] = yd[i] == xd[i] ? 1f : 0f;
        }
    }
}
