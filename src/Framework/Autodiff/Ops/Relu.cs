using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = max(x, 0). dx = dy where x &gt; 0, else 0.</summary>
    public static Tensor Relu(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        return Graph.Record(y, ReluGrad.Instance, x);
    }

    private sealed class ReluGrad : IGradFn
    {
        public static readonly ReluGrad Instance = new();

        public string Name => "Relu";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var xd = x.Data;
            var g = y.Grad!.Data;
            for (var i = 0; i < gx.Length; i++)
                if (xd[i] > 0f) gx[i] += g[i];
        }
    }
}
