using System.Runtime.Intrinsics;
using Research.Framework.Kernels;

namespace Research.Framework.Randomness;

/// <summary>
/// An endless stream of normal draws, counter-based, so that any block of it can be drawn on its own: a fill
/// of values [start, start + n) computes only the blocks it touches, the thread team shares them (the posterior's
/// K*B*D noise of an IWAE step is otherwise the largest serial piece of the step), and every value is bitwise
/// the same for any thread count and however the stream is cut into fills.
/// </summary>
/// <remarks>
/// Word c of the stream with key s is the c-th output of SplitMix64 seeded with s, mix(s + (c + 1) γ)
/// (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators"), which can be computed
/// for any c directly. Block b holds values [bB, bB + B), B = 2P: its pair i takes words 2(bP + i) and
/// 2(bP + i) + 1 as 53-bit uniforms u1 in (0, 1] and u2 in [0, 1) and gives two normals by the Box-Muller
/// transform (Box and Muller 1958): r = sqrt(-2 ln u1), value bB + i = r cos(2π u2), value bB + P + i =
/// r sin(2π u2). Done in double precision: u1 ≥ 2^-53, so the tails reach 8.5 standard deviations.
/// </remarks>
internal sealed unsafe class NormalFill : IParallelWork
{
    /// <summary>Pairs of one block: its scratch (five arrays of doubles, 10 KiB) stays in L1.</summary>
    internal const int BlockPairs = 256;

    private const int BlockValues = 2 * BlockPairs;

    /// <summary>Values below which a fill runs on the calling thread (a hand-off costs about as much as 4k draws).</summary>
    private const int ParallelMinValues = 1 << 16;

    private const double TwoPiOver2Pow53 = 2 * Math.PI / (1UL << 53);
    private const double InverseOf2Pow53 = 1.0 / (1UL << 53);

    [ThreadStatic] private static NormalFill? _forThread;

    private float* _destination;
    private int _length;
    private ulong _key, _start;
    private float _mean, _std;

    /// <summary>
    /// Writes mean + std * z_j into <paramref name="destination"/>[j - <paramref name="start"/>] for the values j in
    /// [start, start + length) of the stream with <paramref name="key"/>.
    /// </summary>
    public static void Run(Span<float> destination, ulong key, ulong start, float mean, float std)
    {
        if (destination.IsEmpty) return;
        var blocks = (int)(BlockOf(start + (ulong)destination.Length - 1) - BlockOf(start) + 1);
        var threads = destination.Length < ParallelMinValues ? 1 : Math.Max(1, Math.Min(ThreadTeam.ThreadCount, blocks));
        var job = _forThread ??= new NormalFill();
        fixed (float* pd = destination)
        {
            job._destination = pd;
            (job._length, job._key, job._start, job._mean, job._std) = (destination.Length, key, start, mean, std);
            try { ThreadTeam.Run(job, threads); }
            finally { job._destination = null; }
        }
    }

    private static ulong BlockOf(ulong value) => value / BlockValues;

    public void Execute(int index, int count)
    {
        var end = _start + (ulong)_length;
        var firstBlock = BlockOf(_start);
        var blocks = (long)(BlockOf(end - 1) - firstBlock + 1);
        var b0 = firstBlock + (ulong)(blocks * index / count);
        var b1 = firstBlock + (ulong)(blocks * (index + 1) / count);
        Span<double> u1 = stackalloc double[BlockPairs];
        Span<double> angle = stackalloc double[BlockPairs];
        Span<double> r = stackalloc double[BlockPairs];
        Span<double> cos = stackalloc double[BlockPairs];
        Span<double> sin = stackalloc double[BlockPairs];
        for (var b = b0; b < b1; b++)
        {
            // Always the whole block, so that each value is computed the same way whichever fill touches it.
            Uniforms(_key, 2 * b * BlockPairs, u1, angle);
            TensorPrimitives.Log(u1, r);
            TensorPrimitives.Multiply(r, -2.0, r);
            TensorPrimitives.Sqrt(r, r);
            TensorPrimitives.Cos(angle, cos);
            TensorPrimitives.Sin(angle, sin);
            var blockStart = b * BlockValues;
            Write(cos, r, blockStart, end);
            Write(sin, r, blockStart + BlockPairs, end);
        }
    }

    /// <summary>The values [from, from + P) ∩ [start, end): r * trig, scaled and shifted, at their place in the destination.</summary>
    private void Write(ReadOnlySpan<double> trig, ReadOnlySpan<double> r, ulong from, ulong end)
    {
        var lo = Math.Max(from, _start);
        var hi = Math.Min(from + BlockPairs, end);
        var target = _destination + (long)(lo - _start);
        for (var i = (int)(lo - from); i < (int)(hi - from); i++) *target++ = _mean + _std * (float)(r[i] * trig[i]);
    }

    /// <summary>
    /// From words <paramref name="firstWord"/> + 2i and + 2i + 1: u1[i] in (0, 1] and angle[i] = 2π u2 in [0, 2π).
    /// The vector and scalar paths do the same integer arithmetic and exact conversions: the same bits.
    /// </summary>
    private static void Uniforms(ulong key, ulong firstWord, Span<double> u1, Span<double> angle)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var lane = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7) * 2;
            for (; i + Vector512<ulong>.Count <= u1.Length; i += Vector512<ulong>.Count)
            {
                var counters = lane + Vector512.Create(firstWord + 2 * (ulong)i);
                var w1 = SplitMix64.Mix(Vector512.Create(key) + (counters + Vector512<ulong>.One) * Vector512.Create(SplitMix64.Gamma));
                var w2 = SplitMix64.Mix(Vector512.Create(key) + (counters + Vector512.Create(2UL)) * Vector512.Create(SplitMix64.Gamma));
                (Vector512.ConvertToDouble((w1 >> 11) + Vector512<ulong>.One) * InverseOf2Pow53).CopyTo(u1[i..]);
                (Vector512.ConvertToDouble(w2 >> 11) * TwoPiOver2Pow53).CopyTo(angle[i..]);
            }
        }
        for (; i < u1.Length; i++)
        {
            var counter = firstWord + 2 * (ulong)i;
            var w1 = SplitMix64.Mix(key + (counter + 1) * SplitMix64.Gamma);
            var w2 = SplitMix64.Mix(key + (counter + 2) * SplitMix64.Gamma);
            u1[i] = ((w1 >> 11) + 1) * InverseOf2Pow53;
            angle[i] = (w2 >> 11) * TwoPiOver2Pow53;
        }
    }
}
