using Research.Framework.Kernels;
using Research.Framework.Tensors;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Rows of a tile of the fused kernel, the unit the threads share: five AVX-512 register tiles (10 rows each,
    /// none partial), and the usual row counts (K*B = 100, 500, 1000, 5000; evaluation chunks of 50,000) make an
    /// even number of tiles (with 48, K = 50 at batch 20 split 11 / 10). A row's values do not depend on its tile.
    /// </summary>
    internal const int FusedRowTile = 50;

    /// <summary>Pixels of a tile of the fused kernel: a [50, 400] float tile (78 KiB) stays in L2 (784 pixels: two tiles).</summary>
    internal const int FusedPixelTile = 400;

    /// <summary>
    /// Makes the recorded <see cref="LinearBernoulliLogProb"/> on this thread keep no logits and recompute them
    /// in the backward pass (same values and gradients; slower: `Bench fusion`). For tests and the bench.
    /// </summary>
    [ThreadStatic] internal static bool RecomputeLinearBernoulliLogits;

    /// <summary>
    /// log p(x | l) summed over pixels for Bernoulli logits l = h @ w + b, per row of h [N, in]
    /// (w [in, P], b [P], x [B, P], N = K*B sample-major: row k*B + i is scored against x row i):
    /// Σ_j x_ij l_rj - softplus(l_rj), the stable form of <c>Bernoulli(l).LogProb(x)</c>. Returns [N].
    /// </summary>
    /// <remarks>
    /// Without a gradient to record on the native engine (evaluation under <see cref="NoGrad"/>) the
    /// logits [N, P] are never stored: each thread of the team takes a contiguous range of fixed 50-row tiles,
    /// computes a tile's logits 400 pixels at a time with a single-threaded GEMM into a per-thread scratch
    /// block and reduces them at once; the tiles do not depend on the thread count, so the result is
    /// bitwise the same for any thread count and differs from the unfused ops only in float summation order.
    /// With a gradient to record (training) the same tiles are written into a kept logits buffer and
    /// reduced whole rows at a time, and the backward pass overwrites that buffer with the logits' gradient
    /// (<see cref="LinearBernoulliGrad"/>): values and gradients are bitwise those of <see cref="Linear"/>
    /// then <see cref="BernoulliLogProb"/>, for any thread count, with one pass over [N, P] fewer each way.
    /// On a LibTorch device, or when x itself requires a gradient, it is that composition.
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
        if (TorchOps.Any(h, w, b) || TorchOps.Any(x) || (recording && x.RequiresGrad)) return h.Linear(w, b).BernoulliLogProb(x);
        var y = Tensor.Empty(new Shape(rows));
        if (!recording)
        {
            FusedBernoulliJob.Run(h.Data, w.Data, b is null ? default : b.Data, x.Data, y.Data, default, rows, fanIn, pixels, dataRows, FusedPixelTile);
            return y;
        }
        // Recorded: each 50-row tile's logits are written once into the kept [N, P] buffer and reduced while
        // in cache (whole rows, in BernoulliLogProb's lane order); the backward pass turns them into dl in place.
        var logits = RecomputeLinearBernoulliLogits ? null : Tensor.Empty(new Shape(rows, pixels));
        FusedBernoulliJob.Run(h.Data, w.Data, b is null ? default : b.Data, x.Data, y.Data, logits is null ? default : logits.Data, rows, fanIn, pixels, dataRows, pixels);
        var node = Graph.Recorded(y, LinearBernoulliGrad.Instance, h, w, b)!;
        node.Saved = logits;
        node.SavedConstant = x;
        node.IntArg = logits is null ? 1 : 0; // 1: no logits kept (or consumed), recompute them
        return y;
    }

    /// <summary>
    /// The backward pass of the recorded <see cref="LinearBernoulliLogProb"/>: dl = g_r (x - sigmoid(l))
    /// overwrites the kept logits in place (no zeroed [N, P] gradient buffer, no second pass over it), then
    /// dh = dl @ w^T, dw = h^T @ dl and db = Σ_r dl, the same GEMM calls as <see cref="Linear"/>'s backward.
    /// </summary>
    /// <remarks>
    /// A later backward pass through the same node (the logits are then gone) recomputes them block by
    /// block, flash-attention style: a block is the GEMM's k block over the N rows
    /// (<see cref="GemmDriver.KcFor"/>, at most 512 rows), so dw accumulates the blocks in exactly the order
    /// of the single dw = h^T @ dl. Either way the values and gradients are bitwise those of Linear then
    /// BernoulliLogProb, for any thread count. (Recomputing on every pass instead of keeping the logits
    /// was measured 7-12% slower a training step: results/training-fusion-bench.md.)
    /// </remarks>
    private sealed class LinearBernoulliGrad : IGradFn
    {
        public static readonly LinearBernoulliGrad Instance = new();

        [ThreadStatic] private static float[]? _block;

        public string Name => "LinearBernoulliLogProb";

        public void Backward(Tensor y, GradNode node)
        {
            var (h, w, b, x) = (node.InputA!, node.InputB!, node.InputC, node.SavedConstant!);
            var (rows, fanIn, pixels) = LinearDims(h.Shape, w.Shape, Name);
            var g = y.Grad!.Data;
            if (node.IntArg == 0 && node.Saved is not null)
            {
                node.IntArg = 1; // the logits are consumed
                var dl = node.Saved!.Data;
                BernoulliRowsJob.Run(BernoulliRowsJob.Pass.LogitGradInPlace, dl, x.Data, g, default, rows, pixels, x.Shape.Rows, firstRow: 0);
                LinearBackward(h, w, b, dl, 0, rows, fanIn, pixels);
                return;
            }
            Recomputed(h, w, b, x, g, rows, fanIn, pixels);
        }

        /// <summary>The logits of rows [r0, r0 + m) recomputed into a per-thread block, turned into dl and consumed.</summary>
        private static void Recomputed(Tensor h, Tensor w, Tensor? b, Tensor x, ReadOnlySpan<float> g, int rows, int fanIn, int pixels)
        {
            var blockRows = GemmDriver.KcFor(rows);
            if (_block is null || _block.Length < blockRows * pixels) _block = new float[blockRows * pixels];
            for (var r0 = 0; r0 < rows; r0 += blockRows)
            {
                var m = Math.Min(blockRows, rows - r0);
                var dl = _block.AsSpan(0, m * pixels);
                if (b is not null)
                    for (var r = 0; r < m; r++) b.Data.CopyTo(dl.Slice(r * pixels, pixels));
                Gemm.Multiply(false, false, m, pixels, fanIn, h.Data.Slice(r0 * fanIn), fanIn, w.Data, pixels, dl, pixels, accumulate: b is not null);
                BernoulliRowsJob.Run(BernoulliRowsJob.Pass.LogitGradInPlace, dl, x.Data, g.Slice(r0, m), default, m, pixels, x.Shape.Rows, firstRow: r0);
                LinearBackward(h, w, b, dl, r0, m, fanIn, pixels);
            }
        }

        /// <summary>dh, dw and db of rows [r0, r0 + m) of the linear layer, from their dl [m, P].</summary>
        private static void LinearBackward(Tensor h, Tensor w, Tensor? b, ReadOnlySpan<float> dl, int r0, int m, int fanIn, int pixels)
        {
            var hd = h.Data.Slice(r0 * fanIn, m * fanIn);
            if (h.RequiresGrad)
            {
                // All rows at once may overwrite a new gradient buffer; a block of rows adds into a zeroed one.
                var accumulate = true;
                var gh = m == h.Shape.Rows ? h.GradDataToWrite(out accumulate) : h.GradData();
                Gemm.Multiply(false, true, m, fanIn, pixels, dl, pixels, w.Data, pixels, gh.Slice(r0 * fanIn), fanIn, accumulate);
            }
            if (w.RequiresGrad)
                Gemm.Multiply(true, false, fanIn, pixels, m, hd, fanIn, dl, pixels, w.GradData(), pixels, accumulate: true);
            if (b is not null && b.RequiresGrad) ColumnSums.AddTo(dl, m, pixels, b.GradData());
        }
    }

    /// <summary>The native kernel of <see cref="LinearBernoulliLogProb"/>: a thread-team job over row tiles.</summary>
    private sealed unsafe class FusedBernoulliJob : IParallelWork
    {
        // One job per dispatching thread and one scratch tile per executing thread: allocated once (grown to the widest tile), reused.
        [ThreadStatic] private static FusedBernoulliJob? _forThread;
        [ThreadStatic] private static float[]? _scratch;

        private float* _h, _w, _b, _x, _y, _logits;
        private int _rows, _fanIn, _pixels, _dataRows;

        private int _pixelTile;

        /// <summary>
        /// y = the row sums, each row's logits computed and reduced <paramref name="pixelTile"/> pixels at a time,
        /// in a per-thread scratch tile, or (with <paramref name="pixelTile"/> = P) written into <paramref name="logits"/> [N, P] when given.
        /// </summary>
        public static void Run(
            ReadOnlySpan<float> h, ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, Span<float> logits,
            int rows, int fanIn, int pixels, int dataRows, int pixelTile)
        {
            var job = _forThread ??= new FusedBernoulliJob();
            var tiles = (rows + FusedRowTile - 1) / FusedRowTile;
            // About 2 * 48 * in * P flops a tile (1.5e7 for 200 x 784): a tile is worth a hand-off.
            var threads = Math.Max(1, Math.Min(ThreadTeam.ThreadCount, tiles));
            if (!logits.IsEmpty && pixelTile != pixels) throw new ArgumentException("Stored logits need whole-row tiles.", nameof(pixelTile));
            fixed (float* ph = h, pw = w, pb = b, px = x, py = y, pl = logits)
            {
                job._logits = logits.IsEmpty ? null : pl;
                job._h = ph;
                job._w = pw;
                job._b = b.IsEmpty ? null : pb;
                job._x = px;
                job._y = py;
                (job._rows, job._fanIn, job._pixels, job._dataRows, job._pixelTile) = (rows, fanIn, pixels, dataRows, Math.Min(pixelTile, pixels));
                try { ThreadTeam.Run(job, threads); }
                finally { job._h = job._w = job._b = job._x = job._y = job._logits = null; }
            }
        }

        public void Execute(int index, int count)
        {
            var tiles = (_rows + FusedRowTile - 1) / FusedRowTile;
            var t0 = (int)((long)tiles * index / count);
            var t1 = (int)((long)tiles * (index + 1) / count);
            if (t0 >= t1) return;
            if (_logits is null && (_scratch is null || _scratch.Length < FusedRowTile * _pixelTile)) _scratch = new float[FusedRowTile * _pixelTile];
            var scratch = _scratch;
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
                for (var p0 = 0; p0 < _pixels; p0 += _pixelTile)
                {
                    var n = Math.Min(_pixelTile, _pixels - p0);
                    var tile = _logits is null ? scratch!.AsSpan(0, m * n) : new Span<float>(_logits + (long)r0 * _pixels, m * n);
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
