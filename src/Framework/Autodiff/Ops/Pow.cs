using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^p for a constant exponent p. dx = p * x^(p-1) * dy.</summary>
    public static Tensor Pow(this Tensor x, float p)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Pow(x.Data, p, y.Data);
        y.ScalarArg = p;
        return Graph.Record(y, PowGrad.Instance, x);
    }

    private sealed class PowGrad : IGradFn
    {
        public static readonly PowGrad Instance = new();

        public string Name => "Pow";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var p = y.ScalarArg;
            if (p == 0f) return; // a constant: skip 0 * x^-1, which is NaN at x = 0
            using var scratch = TensorScope.Begin();
            // x^(p-1) directly rather than y / x, which is 0/0 at x = 0.
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Pow(x.Data, p - 1f, d.Data);
            TensorPrimitives.Multiply(d.Data, p, d.Data);
            TensorPrimitives.MultiplyAdd(d.Data, y.Grad!.Data, gx, gx);
        }
    }
}
