using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^2. dx = 2 x dy.</summary>
    public static Tensor Square(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.square());
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Multiply(x.Data, x.Data, y.Data);
        return Graph.Record(y, SquareGrad.Instance, x);
    }

    private sealed class SquareGrad : UnaryGrad
    {
        public static readonly SquareGrad Instance = new();

        public override string Name => "Square";

        protected override void Derivative(Tensor x, Tensor y, GradNode node, Span<float> d)
        {
            TensorPrimitives.Multiply(x.Data, 2f, d);
        }
    }
}
