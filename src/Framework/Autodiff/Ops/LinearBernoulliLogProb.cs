using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>Rows of a tile of the fused kernel (fixed, so that the split across threads never changes a result).</summary>
    internal const int FusedRowTile = 48;

    /// <summary>Pixels of a tile of the fused kernel: a [48, 400] float tile (75 KiB) stays in L2 (784 pixels: two tiles).</summary>
    internal const int FusedPixelTile = 400;

    /// <summary>
    /// log p(x | l) summed over pixels for Bernoulli logits l = h @ w + b, per row of h [N, in]
    /// (w [in, P], b [P], x [B, P], N = K*B sample-major: row k*B + i is scored against x row i):
    /// Σ_j x_ij l_rj - softplus(l_rj), the stable form of <c>Bernoulli(l).LogProb(x)</c>. Returns [N].
    /// </summary>
    /// <remarks>
    /// Without a gradient to record on the native engine (evaluation under <see cref="NoGrad"/>), the
    /// logits are never stored: each thread of the team takes a contiguous range of fixed 48-row tiles,
    /// computes a tile's logits 400 pixels at a time with a single-threaded GEMM into a per-thread scratch
    /// block and reduces them at once. The tiles do not depend on the thread count, so the result is
    /// bitwise the same for any thread count; it differs from the unfused ops only in float summation order.
    /// When a gradient is recorded, or on a LibTorch device, it is <see cref="Linear"/> then
    /// <see cref="BernoulliLogProb"/> (the logits stored for the backward pass).
    /// </remarks>
    public static Tensor LinearBernoulliLogProb(this Tensor h, Tensor w, Tensor? b, Tensor x)
    {
        var (rows, fanIn, pixels) = LinearDims(h.Shape, w.Shape, "LinearBernoulliLogProb");
        if (h.Shape.Rank != 2) throw new ArgumentException($"LinearBernoulliLogProb: h must be [N, in], got {h.Shape}.");
        if (x.Shape.Rank != 2 || x.Shape.Last != pixels)
            throw new ArgumentException($"LinearBernoulliLogProb: x {x.Shape} must be [B, {pixels}] for weights {w.Shape}.");
        var dataRows = x.Shape.Rows;
        if (dataRows < 1 || rows % dataRows != 0)
            throw new ArgumentException($"LinearBernoulliLogProb: {rows} rows are not K repeats of {dataRows} data rows.");
        if (b is not null && (b.Size != pixels || b.Shape.Last != pixels))
            throw new ArgumentException($"LinearBernoulliLogProb: bias shape {b.Shape} does not match weight shape {w.Shape}.");
        var recording = NoGrad.IsGradEnabled && (h.RequiresGrad || w.RequiresGrad || x.RequiresGrad || (b?.RequiresGrad ?? false));
        if (recording || TorchOps.Any(h, w, b) || TorchOps.Any(x)) return h.Linear(w, b).BernoulliLogProb(x);
        var y = Tensor.Empty(new Shape(rows));
        FusedBernoulliJob.Run(h.Data, w.Data, b is null ? default : b.Data, x.Data, y.Data, rows, fanIn, pixels, dataRows);
        return y;
    }

    /// <summary>The native kernel of <see cref="LinearBernoulliLogProb"/>: a thread-team job over row tiles.</summary>
    private sealed unsafe class FusedBernoulliJob : IParallelWork
    {
        // One job per dispatching thread and one scratch tile per executing thread: allocated once, reused.
        [ThreadStatic] private static FusedBernoulliJob? _forThread;
        [ThreadStatic] private static float[]? _scratch;

        private float* _h, _w, _b, _x, _y;
        private int _rows, _fanIn, _pixels, _dataRows;

        public static void Run(
            ReadOnlySpan<float> h, ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y,
            int rows, int fanIn, int pixels, int dataRows)
        {
            var job = _forThread ??= new FusedBernoulliJob();
            var tiles = (rows + FusedRowTile - 1) / FusedRowTile;
            // About 2 * 48 * in * P flops a tile (1.5e7 for 200 x 784): a tile is worth a hand-off.
            var threads = Math.Max(1, Math.Min(ThreadTeam.ThreadCount, tiles));
            fixed (float* ph = h, pw = w, pb = b, px = x, py = y)
            {
                job._h = ph;
                job._w = pw;
                job._b = b.IsEmpty ? null : pb;
                job._x = px;
                job._y = py;
                (job._rows, job._fanIn, job._pixels, job._dataRows) = (rows, fanIn, pixels, dataRows);
                try { ThreadTeam.Run(job, threads); }
                finally { job._h = job._w = job._b = job._x = job._y = null; }
            }
        }

        public void Execute(int index, int count)
        {
            var tiles = (_rows + FusedRowTile - 1) / FusedRowTile;
            var t0 = (int)((long)tiles * index / count);
            var t1 = (int)((long)tiles * (index + 1) / count);
            if (t0 >= t1) return;
            var scratch = _scratch ??= new float[FusedRowTile * FusedPixelTile];
            Span<float> sums = stackalloc float[FusedRowTile];
            var h = new ReadOnlySpan<float>(_h, _rows * _fanIn);
            var w = new ReadOnlySpan<float>(_w, _fanIn * _pixels);
            var x = new ReadOnlySpan<float>(_x, _dataRows * _pixels);
            using var single = ThreadTeam.Use(1); // the tile's product runs on this thread alone
            for (var t = t0; t < t1; t++)
            {
                var r0 = t * FusedRowTile;
                var m = Math.Min(FusedRowTile, _rows - r0);
                sums.Clear();
                for (var p0 = 0; p0 < _pixels; p0 += FusedPixelTile)
                {
                    var n = Math.Min(FusedPixelTile, _pixels - p0);
                    var tile = scratch.AsSpan(0, m * n);
                    if (_b is not null)
                    {
                        var bias = new ReadOnlySpan<float>(_b + p0, n);
                        for (var r = 0; r < m; r++) bias.CopyTo(tile.Slice(r * n, n));
                    }
                    Gemm.Multiply(false, false, m, n, _fanIn, h.Slice(r0 * _fanIn), _fanIn, w.Slice(p0), _pixels, tile, n, accumulate: _b is not null);
                    for (var r = 0; r < m; r++)
                        sums[r] += BernoulliRowSum(tile.Slice(r * n, n), x.Slice((r0 + r) % _dataRows * _pixels + p0, n));
                }
                sums[..m].CopyTo(new Span<float>(_y + r0, m));
            }
        }
    }
}
