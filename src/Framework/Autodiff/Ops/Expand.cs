using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// x repeated to the bigger <paramref name="shape"/> by broadcasting (NumPy rules: dimensions
    /// of 1 stretch, missing leading ones are added). dx = dy summed over the stretched dimensions.
    /// </summary>
    public static Tensor Expand(this Tensor x, Shape shape)
    {
        if (Broadcasting.ResultShape(x.Shape, shape, "Expand") != shape)
            throw new ArgumentException($"Expand: shape {x.Shape} cannot be expanded to {shape}.");
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).expand(LibTorch.Dims(shape)), x.Device);
        var y = Tensor.Empty(shape);
        Broadcasting.BroadcastTo(x.Data, x.Shape, y.Data, shape);
        return Graph.Record(y, ExpandGrad.Instance, x);
    }

    private sealed class ExpandGrad : IGradFn
    {
        public static readonly ExpandGrad Instance = new();

        public string Name => "Expand";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (x.RequiresGrad) Broadcasting.ReduceAdd(y.Grad!.Data, y.Shape, x.GradData(), x.Shape);
        }
    }
}
