using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln(1 + x), accurate for tiny x where ln(1 + x) in float would round to 0. dx = dy / (1 + x).</summary>
    public static Tensor Log1p(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        StableMath.Log1p(x.Data, y.Data);
        return Graph.Record(y, Log1pGrad.Instance, x);
    }

    private sealed class Log1pGrad : IGradFn
    {
        public static readonly Log1pGrad Instance = new();

        public string Name => "Log1p";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Add(x.Data, 1f, d.Data);
            TensorPrimitives.Divide(y.Grad!.Data, d.Data, d.Data);
            TensorPrimitives.Add(gx, d.Data, gx);
        }
    }
}
