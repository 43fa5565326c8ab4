using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln x (-inf at 0, NaN below). dx = dy / x.</summary>
    public static Tensor Log(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Log(x.Data, y.Data);
        return Graph.Record(y, LogGrad.Instance, x);
    }

    private sealed class LogGrad : IGradFn
    {
        public static readonly LogGrad Instance = new();

        public string Name => "Log";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            using var scratch = TensorScope.Begin();
            var d = Tensor.Empty(x.Shape);
            TensorPrimitives.Divide(y.Grad!.Data, x.Data, d.Data);
            TensorPrimitives.Add(gx, d.Data, gx);
        }
    }
}
