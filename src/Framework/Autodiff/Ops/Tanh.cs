using Research.Framework.Kernels;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Autodiff;

public static partial class Ops
{
    /// <summary>Below this many elements tanh and its gradient run on the calling thread alone.</summary>
    private const int TanhParallelMinElements = 1 << 16;

    /// <summary>y = tanh x. dx = (1 - y^2) dy.</summary>
    /// <remarks>
    /// Native engine: above 65,536 elements the work is cut into fixed 16,384-element chunks shared by the
    /// thread team (the hidden layers of a K = 50 decoder: [K*B, 200]); each element is computed by the same
    /// vector code whatever the split, so values and gradients are bitwise the same for any thread count.
    /// </remarks>
    public static Tensor Tanh(this Tensor x)
    {
        if (TorchOps.Any(x)) return TorchOps.Unary(x, static t => t.tanh());
        var y = Tensor.Empty(x.Shape);
        TanhJob.Run(TanhJob.Pass.Forward, x.Data, y.Data, default);
        return Graph.Record(y, TanhGrad.Instance, x);
    }

    private sealed class TanhGrad : IGradFn
    {
        public static readonly TanhGrad Instance = new();

        public string Name => "Tanh";

        public void Backward(Tensor y, GradNode node)
        {
            var x = node.InputA!;
            if (!x.RequiresGrad) return;
            var gx = x.GradDataToWrite(out var accumulate);
            TanhJob.Run(accumulate ? TanhJob.Pass.Backward : TanhJob.Pass.BackwardInto, y.Data, gx, y.Grad!.Data);
        }
    }

    /// <summary>Tanh (forward: b = tanh a) and its gradient (backward: b += g (1 - a^2), a = y; into a new gradient: b = g (1 - a^2)) over chunks of the team.</summary>
    private sealed unsafe class TanhJob : IParallelWork
    {
        public enum Pass { Forward, Backward, BackwardInto }

        private const int Chunk = 16384; // a multiple of every vector width: chunk edges never fall inside a vector

        [ThreadStatic] private static TanhJob? _forThread;
        [ThreadStatic] private static float[]? _derivative;

        private Pass _pass;
        private float* _a, _b, _g;
        private int _length;

        public static void Run(Pass pass, ReadOnlySpan<float> a, Span<float> b, ReadOnlySpan<float> g)
        {
            var job = _forThread ??= new TanhJob();
            var chunks = (a.Length + Chunk - 1) / Chunk;
            var threads = a.Length < TanhParallelMinElements ? 1 : Math.Max(1, Math.Min(ThreadTeam.ThreadCount, chunks));
            fixed (float* pa = a, pb = b, pg = g)
            {
                job._pass = pass;
                job._a = pa;
                job._b = pb;
                job._g = pg;
                job._length = a.Length;
                try { ThreadTeam.Run(job, threads); }
                finally { job._a = job._b = job._g = null; }
            }
        }

        public void Execute(int index, int count)
        {
            var chunks = (_length + Chunk - 1) / Chunk;
            var start = (int)Math.Min((long)chunks * index / count * Chunk, _length);
            var end = (int)Math.Min((long)chunks * (index + 1) / count * Chunk, _length);
            if (start >= end) return;
            var a = new ReadOnlySpan<float>(_a + start, end - start);
            var b = new Span<float>(_b + start, end - start);
            if (_pass == Pass.Forward)
            {
                TensorPrimitives.Tanh(a, b);
                return;
            }
            var g = new ReadOnlySpan<float>(_g + start, end - start);
            if (_pass == Pass.BackwardInto)
            {
                TensorPrimitives.Multiply(a, a, b);
                TensorPrimitives.Subtract(1f, b, b);
                TensorPrimitives.Multiply(g, b, b);
                return;
            }
            var scratch = _derivative ??= new float[Chunk];
            for (var i = 0; i < a.Length; i += Chunk)
            {
                var n = Math.Min(Chunk, a.Length - i);
                var d = scratch.AsSpan(0, n);
                // 1 - y^2, then dx += dy * d: the steps of the shared elementwise rule (UnaryGrad), chunk by chunk
                TensorPrimitives.Multiply(a.Slice(i, n), a.Slice(i, n), d);
                TensorPrimitives.Subtract(1f, d, d);
                TensorPrimitives.MultiplyAdd(g.Slice(i, n), d, b.Slice(i, n), b.Slice(i, n));
            }
        }
    }
}
