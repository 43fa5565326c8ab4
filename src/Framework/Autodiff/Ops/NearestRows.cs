using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// For each row x_r of x [N, D], the index k of the nearest row c_k of <paramref name="codebook"/> [K, D]
    /// in squared Euclidean distance, argmin_k ||x_r - c_k||^2 (ties go to the lowest k): the
    /// nearest-neighbour quantization of VQ-VAE (van den Oord et al. 2017, eq. 1). Index-valued, so it
    /// has no gradient; the indices come back on the host (what <see cref="GatherRows"/> takes).
    /// </summary>
    /// <remarks>
    /// ||x_r||^2 is the same for every k, so the argmin is that of ||c_k||^2 - 2 x_r . c_k: one
    /// product [N, K] instead of N K difference vectors.
    /// </remarks>
    public static int[] NearestRows(this Tensor x, Tensor codebook)
    {
        if (x.Shape.Rank != 2 || codebook.Shape.Rank != 2 || x.Shape[1] != codebook.Shape[1] || codebook.Shape[0] == 0)
            throw new ArgumentException($"NearestRows: needs rows [N, D] and a non-empty codebook [K, D], got {x.Shape} and {codebook.Shape}.");
        if (TorchOps.Any(x, codebook))
        {
            var (tx, tc) = TorchOps.Of(x, codebook, "NearestRows");
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var scores = tc.square().sum(1).unsqueeze(0) - 2 * tx.matmul(tc.t());
            var best = scores.argmin(1).to(torch.CPU).data<long>().ToArray();
            return Array.ConvertAll(best, i => (int)i);
        }
        using (NoGrad.Begin())
        using (TensorScope.Begin())
        {
            var (n, k) = (x.Shape[0], codebook.Shape[0]);
            var dots = x.MatMul(codebook.Transpose()).Data;
            var norms = new float[k];
            for (var j = 0; j < k; j++) norms[j] = TensorPrimitives.SumOfSquares(codebook.Row(j));
            var nearest = new int[n];
            for (var r = 0; r < n; r++)
            {
                var row = dots.Slice(r * k, k);
                var (best, bestScore) = (0, float.PositiveInfinity);
                for (var j = 0; j < k; j++)
                {
                    var score = norms[j] - 2f * row[j];
                    if (score < bestScore) (best, bestScore) = (j, score);
                }
                nearest[r] = best;
            }
            return nearest;
        }
    }

    /// <summary>
    /// The straight-through estimator (van den Oord et al. 2017, section 3.2; Bengio et al. 2013):
    /// the value of <paramref name="forward"/>, the gradient of <paramref name="backward"/>:
    /// backward + sg(forward - backward). VQ-VAE passes z_q forward and copies the decoder's gradient to z_e.
    /// </summary>
    public static Tensor StraightThrough(this Tensor forward, Tensor backward) => backward.Add(forward.Subtract(backward).Detach());
}
