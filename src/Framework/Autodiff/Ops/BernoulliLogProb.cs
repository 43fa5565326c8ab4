using System.Numerics;
using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>Below this many logits the kernel runs on the calling thread alone.</summary>
    private const int BernoulliParallelMinElements = 1 << 16;

    /// <summary>
    /// log Bernoulli(x; sigmoid(l)) summed over pixels, Σ_j x_ij l_rj - softplus(l_rj), per row of the
    /// logits l [N, P] with N = K*B sample-major (row k*B + i against x row i of x [B, P]). Returns [N].
    /// One node instead of Multiply, Softplus, Subtract and Sum: dl_rj = g_r (x_ij - sigmoid(l_rj)),
    /// dx_ij = Σ_k g_(kB+i) l_(kB+i)j.
    /// </summary>
    /// <remarks>
    /// Native engine: rows are split across the thread team in contiguous ranges; each row is summed on
    /// one thread in a fixed lane order, so the result does not depend on the thread count. The vector
    /// lanes use <see cref="StableMath.SoftplusPolynomial"/> (a few ulps from <see cref="Softplus"/>).
    /// </remarks>
    public static Tensor BernoulliLogProb(this Tensor logits, Tensor x)
    {
        if (logits.Shape.Rank != 2 || x.Shape.Rank != 2 || x.Shape.Last != logits.Shape.Last)
            throw new ArgumentException($"BernoulliLogProb: logits {logits.Shape} must be [K*B, P] and x {x.Shape} [B, P].");
        var (rows, pixels, dataRows) = (logits.Shape.Rows, logits.Shape.Last, x.Shape.Rows);
        if (dataRows < 1 || rows % dataRows != 0)
            throw new ArgumentException($"BernoulliLogProb: {rows} rows are not K repeats of {dataRows} data rows.");
        if (TorchOps.Any(logits, x))
        {
            TorchOps.SameDevice("BernoulliLogProb", logits, x);
            var l = TorchOps.Of(logits).reshape(rows / dataRows, dataRows, pixels);
            var value = (l * TorchOps.Of(x) - torch.nn.functional.softplus(l)).sum(-1).reshape(rows);
            return TorchOps.Result(value, logits.Device);
        }
        var y = Tensor.Empty(new Shape(rows));
        BernoulliRowsJob.Run(BernoulliRowsJob.Pass.Forward, logits.Data, x.Data, y.Data, default, rows, pixels, dataRows);
        return Graph.Record(y, BernoulliLogProbGrad.Instance, logits, x);
    }

    private sealed class BernoulliLogProbGrad : IGradFn
    {
        public static readonly BernoulliLogProbGrad Instance = new();

        public string Name => "BernoulliLogProb";

        public void Backward(Tensor y, GradNode node)
        {
            var (logits, x) = (node.InputA!, node.InputB!);
            var (rows, pixels, dataRows) = (logits.Shape.Rows, logits.Shape.Last, x.Shape.Rows);
            var g = y.Grad!.Data;
            if (logits.RequiresGrad)
                BernoulliRowsJob.Run(BernoulliRowsJob.Pass.LogitGrad, logits.Data, x.Data, g, logits.GradData(), rows, pixels, dataRows);
            if (!x.RequiresGrad) return;
            var gx = x.GradData(); // dx_ij += Σ_k g_(kB+i) l_(kB+i)j, k in order: on this thread
            var l = logits.Data;
            for (var r = 0; r < rows; r++)
                TensorPrimitives.MultiplyAdd(l.Slice(r * pixels, pixels), g[r], gx.Slice(r % dataRows * pixels, pixels), gx.Slice(r % dataRows * pixels, pixels));
        }
    }

    /// <summary>The row kernels of <see cref="BernoulliLogProb"/> and its logits' gradient, over row ranges of the team.</summary>
    private sealed unsafe class BernoulliRowsJob : IParallelWork
    {
        public enum Pass { Forward, LogitGrad }

        [ThreadStatic] private static BernoulliRowsJob? _forThread;

        private Pass _pass;
        private float* _l, _x, _y, _gl;
        private int _rows, _pixels, _dataRows;

        /// <summary>Forward: y[r] = row sums. LogitGrad: gl[r, j] += y[r] (x - sigmoid(l)) with y the incoming gradient.</summary>
        public static void Run(Pass pass, ReadOnlySpan<float> l, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> gl, int rows, int pixels, int dataRows)
        {
            var job = _forThread ??= new BernoulliRowsJob();
            var threads = (long)rows * pixels < BernoulliParallelMinElements ? 1 : Math.Max(1, Math.Min(ThreadTeam.ThreadCount, rows));
            fixed (float* pl = l, px = x, py = y, pg = gl)
            {
                job._pass = pass;
                job._l = pl;
                job._x = px;
                job._y = py;
                job._gl = pg;
                (job._rows, job._pixels, job._dataRows) = (rows, pixels, dataRows);
                try { ThreadTeam.Run(job, threads); }
                finally { job._l = job._x = job._y = job._gl = null; }
            }
        }

        public void Execute(int index, int count)
        {
            var r0 = (int)((long)_rows * index / count);
            var r1 = (int)((long)_rows * (index + 1) / count);
            for (var r = r0; r < r1; r++)
            {
                var l = new ReadOnlySpan<float>(_l + (long)r * _pixels, _pixels);
                var x = new ReadOnlySpan<float>(_x + (long)(r % _dataRows) * _pixels, _pixels);
                if (_pass == Pass.Forward) _y[r] = BernoulliRowSum(l, x);
                else LogitGradRow(l, x, _y[r], new Span<float>(_gl + (long)r * _pixels, _pixels));
            }
        }

        /// <summary>gl += g (x - sigmoid(l)), sigmoid(l) = 1 / (1 + e^-l).</summary>
        private static void LogitGradRow(ReadOnlySpan<float> l, ReadOnlySpan<float> x, float g, Span<float> gl)
        {
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var gv = new Vector<float>(g);
                for (; i <= l.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var s = Vector<float>.One / (Vector<float>.One + Vector.Exp(-new Vector<float>(l[i..])));
                    (new Vector<float>(gl[i..]) + gv * (new Vector<float>(x[i..]) - s)).CopyTo(gl[i..]);
                }
            }
            for (; i < l.Length; i++) gl[i] += g * (x[i] - 1f / (1f + MathF.Exp(-l[i])));
        }
    }

    /// <summary>
    /// Σ_j x_j l_j - softplus(l_j), softplus(l) = max(l, 0) + log1p(e^-|l|), in a fixed lane order; the
    /// vector lanes use <see cref="StableMath.SoftplusPolynomial"/> (a few ulps from the unfused Softplus).
    /// </summary>
    internal static float BernoulliRowSum(ReadOnlySpan<float> l, ReadOnlySpan<float> x)
    {
        var i = 0;
        var acc = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= l.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(l[i..]);
                acc += Vector.FusedMultiplyAdd(new Vector<float>(x[i..]), v, -StableMath.SoftplusPolynomial(v));
            }
        }
        var sum = Vector.Sum(acc);
        for (; i < l.Length; i++) sum += x[i] * l[i] - StableMath.Softplus(l[i]);
        return sum;
    }
}
