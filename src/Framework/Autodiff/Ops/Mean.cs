using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>The mean of all elements, a scalar: y = Σ x / n. dx = dy / n.</summary>
    public static Tensor Mean(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.mean());
        var y = Tensor.Empty(Shape.Scalar);
        y.Data[0] = TensorPrimitives.Sum(x.Data) / x.Size;
        return Graph.Record(y, MeanAllGrad.Instance, x);
    }

    /// <summary>
    /// y[.., ..] = (1/n) Σ_j x[.., j, ..] over <paramref name="axis"/> of length n; the axis is
    /// removed, or kept as size 1 with <paramref name="keepDim"/>. dx[.., j, ..] = dy[.., ..] / n.
    /// </summary>
    public static Tensor Mean(this Tensor x, int axis, bool keepDim = false) =>
        ReduceAxis(x, axis, keepDim, mean: true);

    private sealed class MeanAllGrad : IGradFn
    {
        public static readonly MeanAllGrad Instance = new();

        public string Name => "Mean";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Add(gx, y.Grad!.Data[0] / x.Size, gx);
        }
    }
}
