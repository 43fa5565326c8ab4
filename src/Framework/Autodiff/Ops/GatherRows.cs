using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y[r, ..] = x[indices[r], ..]: rows of x (along axis 0) picked by index, repeats allowed;
    /// y has shape [indices.Length, ..]. dx[i, ..] = Σ_{r: indices[r] = i} dy[r, ..] (scatter-add).
    /// The caller owns <paramref name="indices"/>: it is kept, not copied, until the backward pass,
    /// so it must not change before then.
    /// </summary>
    public static Tensor GatherRows(this Tensor x, int[] indices)
    {
        if (x.Shape.Rank == 0)
            throw new ArgumentException($"GatherRows: needs rows (rank 1 or more), got shape {x.Shape}.");
        var n = x.Shape[0];
        var width = n == 0 ? 0 : x.Size / n;
        foreach (var i in indices)
            if ((uint)i >= (uint)n)
                throw new ArgumentOutOfRangeException(nameof(indices), $"GatherRows: index {i} is out of range for shape {x.Shape}.");
        if (TorchOps.Any(x))
        {
            var rows = new long[indices.Length];
            for (var r = 0; r < rows.Length; r++) rows[r] = indices[r];
            using var index = torch.tensor(rows, device: LibTorch.TorchDevice(x.Device));
            return TorchOps.Result(TorchOps.Of(x).index_select(0, index), x.Device);
        }
        var y = Tensor.Empty(x.Shape.With(0, indices.Length));
        var xd = x.Data;
        var yd = y.Data;
        for (var r = 0; r < indices.Length; r++)
            xd.Slice(indices[r] * width, width).CopyTo(yd.Slice(r * width, width));
        if (Graph.Recorded(y, GatherRowsGrad.Instance, x) is { } node) node.Indices = indices;
        return y;
    }

    private sealed class GatherRowsGrad : IGradFn
    {
        public static readonly GatherRowsGrad Instance = new();

        public string Name => "GatherRows";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradData();
            var g = y.Grad!.Data;
            var indices = node.Indices!;
            var width = indices.Length == 0 ? 0 : y.Size / indices.Length;
            for (var r = 0; r < indices.Length; r++)
            {
                var dst = gx.Slice(indices[r] * width, width);
                TensorPrimitives.Add(dst, g.Slice(r * width, width), dst);
            }
        }
    }
}
