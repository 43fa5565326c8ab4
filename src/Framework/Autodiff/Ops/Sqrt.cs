using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = √x. dx = dy / (2 y) (+inf at x = 0, as in PyTorch).</summary>
    public static Tensor Sqrt(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Sqrt(x.Data, y.Data);
        return Graph.Record(y, SqrtGrad.Instance, x);
    }

    private sealed class SqrtGrad : IGradFn
    {
        public static readonly SqrtGrad Instance = new();

        public string Name => "Sqrt";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Multiply(y.Data, 2f, d.Data);
            TensorPrimitives.Divide(y.Grad!.Data, d.Data, d.Data);
            TensorPrimitives.Add(gx, d.Data, gx);
        }
    }
}
