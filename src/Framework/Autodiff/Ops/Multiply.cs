using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>a * b elementwise with broadcasting.</summary>
    public static Tensor Multiply(this Tensor a, Tensor b)
    {
        var shape = Broadcasting.ResultShape(a.Shape, b.Shape, "Multiply");
        if (TorchOps.Any(a, b)) return TorchOps.Binary(a, b, "Multiply", static (p, q) => p.mul(q));
        var y = Tensor.Empty(shape);
        Broadcasting.Binary(BinaryKind.Multiply, a.Data, a.Shape, b.Data, b.Shape, y.Data, shape);
        return Graph.Record(y, MultiplyGrad.Instance, a, b);
    }

    private sealed class MultiplyGrad : IGradFn
    {
        public static readonly MultiplyGrad Instance = new();

        public string Name => "Multiply";

        public void Backward(Tensor y, GradNode node)
        {
            var (a, b) = (node.InputA!, node.InputB!);
            if (a.RequiresGrad) AddProductGrad(y, b, a);
            if (b.RequiresGrad) AddProductGrad(y, a, b);
        }

        /// <summary>d(target) += reduce(dY * other), reduced over target's broadcast dimensions.</summary>
        private static void AddProductGrad(Tensor y, Tensor other, Tensor target)
        {
            var g = y.Grad!.Data;
            if (other.Shape == y.Shape && target.Shape == y.Shape)
            {
                var t = target.GradData();
                TensorPrimitives.MultiplyAdd(g, other.Data, t, t);
                return;
            }
            var targetGrad = target.GradData();
            using var scratch = TensorScope.Begin();
            var product = Tensor.Empty(y.Shape);
            Broadcasting.Binary(BinaryKind.Multiply, g, y.Shape, other.Data, other.Shape, product.Data, y.Shape);
            Broadcasting.ReduceAdd(product.Data, y.Shape, targetGrad, target.Shape);
        }
    }
}
