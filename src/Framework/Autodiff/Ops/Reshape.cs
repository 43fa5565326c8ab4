using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The same values with another shape of equal size: a view, no copy (the result shares x's
    /// storage). dx = dy read in the same row-major order.
    /// </summary>
    public static Tensor Reshape(this Tensor x, Shape shape)
    {
        if (shape.Size != x.Size)
            throw new ArgumentException($"Reshape: cannot reshape {x.Shape} ({x.Size} elements) to {shape} ({shape.Size} elements).");
        if (TorchOps.Any(x)) return TorchOps.Result(TorchOps.Of(x).reshape(LibTorch.Dims(shape)), x.Device);
        return Graph.Record(x.ViewAs(shape), ReshapeGrad.Instance, x);
    }

    /// <summary>Reshape with dimensions given inline; one of them may be -1, inferred from the size.</summary>
    public static Tensor Reshape(this Tensor x, params ReadOnlySpan<int> dims)
    {
        if (dims.Length > Shape.MaxRank)
            throw new ArgumentException($"Reshape: shapes have at most {Shape.MaxRank} dimensions, got {dims.Length} for {x.Shape}.");
        Span<int> resolved = stackalloc int[Shape.MaxRank];
        int known = 1, inferred = -1;
        for (var i = 0; i < dims.Length; i++)
        {
            resolved[i] = dims[i];
            if (dims[i] == -1 && inferred < 0) inferred = i;
            else known *= dims[i];
        }
        if (inferred >= 0)
        {
            if (known <= 0 || x.Size % known != 0)
                throw new ArgumentException($"Reshape: cannot infer the -1 dimension of {x.Shape} ({x.Size} elements) with the others multiplying to {known}.");
            resolved[inferred] = x.Size / known;
        }
        return x.Reshape(new Shape(resolved[..dims.Length]));
    }

    private sealed class ReshapeGrad : IGradFn
    {
        public static readonly ReshapeGrad Instance = new();

        public string Name => "Reshape";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            TensorPrimitives.Add(gx, y.Grad!.Data, gx);
        }
    }
}
