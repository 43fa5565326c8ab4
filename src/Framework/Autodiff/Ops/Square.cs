using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^2. dx = 2 x dy.</summary>
    public static Tensor Square(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Multiply(x.Data, x.Data, y.Data);
        return Graph.Record(y, SquareGrad.Instance, x);
    }

    private sealed class SquareGrad : IGradFn
    {
        public static readonly SquareGrad Instance = new();

        public string Name => "Square";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Multiply(x.Data, 2f, d.Data);
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, d.Data, gx, gx);
        }
    }
}
