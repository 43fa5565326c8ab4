using System.Numerics;
using System.Runtime.Intrinsics;
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
    /// lanes (512 bits where the machine has them) use <see cref="StableMath.SoftplusPolynomial{TV, TL}"/> (a few ulps from <see cref="Softplus"/>).
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
        BernoulliRowsJob.Run(BernoulliRowsJob.Pass.Forward, logits.Data, x.Data, y.Data, default, rows, pixels, dataRows, firstRow: 0);
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
                BernoulliRowsJob.Run(BernoulliRowsJob.Pass.LogitGrad, logits.Data, x.Data, g, logits.GradData(), rows, pixels, dataRows, firstRow: 0);
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
        /// <summary>Forward: the row sums. LogitGrad: adds the logits' gradient. LogitGradInPlace: overwrites the logits with it.</summary>
        public enum Pass { Forward, LogitGrad, LogitGradInPlace }

        [ThreadStatic] private static BernoulliRowsJob? _forThread;

        private Pass _pass;
        private float* _l, _x, _y, _gl;
        private int _rows, _pixels, _dataRows, _firstRow;

        /// <summary>
        /// Forward: y[r] = row sums. LogitGrad: gl[r, j] += y[r] (x - sigmoid(l)) with y the incoming gradient.
        /// LogitGradInPlace: l[r, j] = y[r] (x - sigmoid(l)), the same values as LogitGrad into zeros (0 + v = v).
        /// Row r of l is row <paramref name="firstRow"/> + r of the K*B rows (it is scored against x row (firstRow + r) % B).
        /// </summary>
        public static void Run(Pass pass, ReadOnlySpan<float> l, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> gl, int rows, int pixels, int dataRows, int firstRow)
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
                (job._rows, job._pixels, job._dataRows, job._firstRow) = (rows, pixels, dataRows, firstRow);
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
                var x = new ReadOnlySpan<float>(_x + (long)((_firstRow + r) % _dataRows) * _pixels, _pixels);
                switch (_pass)
                {
                    case Pass.Forward: _y[r] = BernoulliRowSum(l, x); break;
                    case Pass.LogitGrad: LogitGradRow(l, x, _y[r], new Span<float>(_gl + (long)r * _pixels, _pixels), accumulate: true); break;
                    default: LogitGradRow(l, x, _y[r], new Span<float>(_l + (long)r * _pixels, _pixels), accumulate: false); break;
                }
            }
        }

        /// <summary>
        /// gl += g (x - sigmoid(l)), sigmoid(l) = 1 / (1 + e^-l); without <paramref name="accumulate"/> gl = g (x - sigmoid(l))
        /// (gl may be l itself: each lane is read before it is written). The vector lanes use <see cref="StableMath.SigmoidPolynomial{TV, TL}"/>.
        /// </summary>
        private static void LogitGradRow(ReadOnlySpan<float> l, ReadOnlySpan<float> x, float g, Span<float> gl, bool accumulate)
        {
            var i = Vector512.IsHardwareAccelerated ? LogitGradLanes<Vector512<float>, Lanes512>(l, x, g, gl, accumulate)
                : Vector.IsHardwareAccelerated ? LogitGradLanes<Vector<float>, LanesOfVector>(l, x, g, gl, accumulate)
                : 0;
            for (; i < l.Length; i++)
            {
                var d = g * (x[i] - 1f / (1f + MathF.Exp(-l[i])));
                gl[i] = accumulate ? gl[i] + d : d;
            }
        }

        /// <summary>The whole vectors of <see cref="LogitGradRow"/>; returns where the scalar tail starts.</summary>
        private static int LogitGradLanes<TV, TL>(ReadOnlySpan<float> l, ReadOnlySpan<float> x, float g, Span<float> gl, bool accumulate)
            where TV : struct where TL : struct, IFloatLanes<TV>
        {
            var i = 0;
            var gv = TL.Splat(g);
            for (; i <= l.Length - TL.Count; i += TL.Count)
            {
                var s = StableMath.SigmoidPolynomial<TV, TL>(TL.Load(l[i..]));
                var d = TL.Multiply(gv, TL.Subtract(TL.Load(x[i..]), s));
                TL.Store(accumulate ? TL.Add(TL.Load(gl[i..]), d) : d, gl[i..]);
            }
            return i;
        }
    }

    /// <summary>
    /// Σ_j x_j l_j - softplus(l_j), softplus(l) = max(l, 0) + log1p(e^-|l|), in a fixed lane order; the
    /// vector lanes use <see cref="StableMath.SoftplusPolynomial{TV, TL}"/> (a few ulps from the unfused Softplus).
    /// </summary>
    internal static float BernoulliRowSum(ReadOnlySpan<float> l, ReadOnlySpan<float> x)
    {
        var (i, sum) = Vector512.IsHardwareAccelerated ? BernoulliRowSumLanes<Vector512<float>, Lanes512>(l, x)
            : Vector.IsHardwareAccelerated ? BernoulliRowSumLanes<Vector<float>, LanesOfVector>(l, x)
            : (0, 0f);
        for (; i < l.Length; i++) sum += x[i] * l[i] - StableMath.Softplus(l[i]);
        return sum;
    }

    /// <summary>The whole vectors of <see cref="BernoulliRowSum"/>, lane sums added last; returns where the scalar tail starts.</summary>
    private static (int End, float Sum) BernoulliRowSumLanes<TV, TL>(ReadOnlySpan<float> l, ReadOnlySpan<float> x)
        where TV : struct where TL : struct, IFloatLanes<TV>
    {
        var i = 0;
        var acc = TL.Splat(0f);
        for (; i <= l.Length - TL.Count; i += TL.Count)
        {
            var v = TL.Load(l[i..]);
            acc = TL.Add(acc, TL.FusedMultiplyAdd(TL.Load(x[i..]), v, TL.Negate(StableMath.SoftplusPolynomial<TV, TL>(v))));
        }
        return (i, TL.Sum(acc));
    }
}
