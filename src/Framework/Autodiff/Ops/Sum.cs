using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>The sum of all elements, a scalar.</summary>
    public static Tensor Sum(this Tensor x)
    {
        var y = Tensor.Empty(Shape.Scalar);
        y.Data[0] = TensorPrimitives.Sum(x.Data);
        return Graph.Record(y, SumAllGrad.Instance, x);
    }

    private sealed class SumAllGrad : IGradFn
    {
        public static readonly SumAllGrad Instance = new();

        public string Name => "Sum";

        public void Backward(Tensor y)
        {
            var x = y.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Add(gx, y.Grad!.Data[0], gx);
        }
    }
}
