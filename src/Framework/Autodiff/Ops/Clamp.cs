using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = min(max(x, min), max). dx = dy where min ≤ x ≤ max, else 0 (the gradient passes
    /// inside the range, bounds included, as in PyTorch).
    /// </summary>
    public static Tensor Clamp(this Tensor x, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        var y = Tensor.Empty(x.Shape);
        TensorPrimitives.Clamp(x.Data, min, max, y.Data);
        return Graph.Record(y, ClampGrad.Instance, x);
    }

    private sealed class ClampGrad : IGradFn
    {
        public static readonly ClampGrad Instance = new();

        public string Name => "Clamp";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var xd = x.Data;
            var yd = y.Data;
            var g = y.Grad!.Data;
            // Inside the range the clamp is the identity, so y == x marks exactly where dy passes.
            for (var i = 0; i < gx.Length; i++)
                if (yd[i] == xd[i]) gx[i] += g[i];
        }
    }
}
