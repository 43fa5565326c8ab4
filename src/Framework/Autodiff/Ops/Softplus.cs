using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = softplus(x) = ln(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it neither
    /// overflows for large x nor rounds to 0 for very negative x. dx = sigmoid(x) * dy.
    /// </summary>
    public static Tensor Softplus(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        StableMath.SignedSoftplus(x.Data, 1f, y.Data);
        return Graph.Record(y, SoftplusGrad.Instance, x);
    }

    private sealed class SoftplusGrad : IGradFn
    {
        public static readonly SoftplusGrad Instance = new();

        public string Name => "Softplus";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var s = Tensor.Empty(x.Shape);
            TensorPrimitives.Sigmoid(x.Data, s.Data);
            TensorPrimitives.MultiplyAdd(y.Grad!.Data, s.Data, gx, gx);
        }
    }
}
