using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = |x|. dx = sign(x) dy (0 at x = 0).</summary>
    public static Tensor Abs(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Abs(x.Data, y.Data);
        return Graph.Record(y, AbsGrad.Instance, x);
    }

    private sealed class AbsGrad : IGradFn
    {
        public static readonly AbsGrad Instance = new();

        public string Name => "Abs";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var xd = x.Data;
            var g = y.Grad!.Data;
            for (var i = 0; i < gx.Length; i++)
            {
                if (xd[i] > 0f) gx[i] += g[i];
                else if (xd[i] < 0f) gx[i] -= g[i];
            }
        }
    }
}
