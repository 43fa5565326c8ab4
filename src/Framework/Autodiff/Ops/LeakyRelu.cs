using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>y = x for x &gt; 0, slope * x otherwise. dx = dy or slope * dy.</summary>
    public static Tensor LeakyRelu(this Tensor x, float slope = 0.01f)
    {
        var y = Tensor.Empty(x.Shape);
        var xd = x.Data;
        var yd = y.Data;
        for (var i = 0; i < xd.Length; i++) yd[i] = xd[i] > 0f ? xd[i] : slope * xd[i];
        y.ScalarArg = slope;
        return Graph.Record(y, LeakyReluGrad.Instance, x);
    }

    private sealed class LeakyReluGrad : IGradFn
    {
        public static readonly LeakyReluGrad Instance = new();

        public string Name => "LeakyRelu";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var xd = x.Data;
            var g = y.Grad!.Data;
            var slope = y.ScalarArg;
            for (var i = 0; i < gx.Length; i++) gx[i] += xd[i] > 0f ? g[i] : slope * g[i];
        }
    }
}
