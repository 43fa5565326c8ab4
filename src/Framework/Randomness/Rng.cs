using System.Numerics;
using System.Runtime.CompilerServices;

namespace Research.Framework.Randomness;

/// <summary>
/// An explicit, seeded, splittable pseudo-random generator (xoshiro256** seeded through
/// SplitMix64; Blackman and Vigna 2018). Every random draw in the framework takes one of these:
/// there is no ambient randomness, so the same seed gives the same numbers.
/// <see cref="Split"/> derives an independent child stream (for a layer, a worker, a sweep point)
/// without disturbing how the parent continues beyond the one draw it consumes.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private readonly ulong _normalKey;
    private ulong _normalPosition;
    private float _spareNormal;
    private bool _hasSpare;

    public Rng(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
        _normalKey = SplitMix64.Next(ref sm);
    }

    /// <summary>A child generator whose stream is independent of this one's.</summary>
    public Rng Split() => new(NextUInt64() ^ SplitMix64.Gamma);

    /// <summary>A child generator keyed by <paramref name="key"/>: the same parent state and key give the same child.</summary>
    public Rng Split(ulong key)
    {
        var mixed = _s0 ^ BitOperations.RotateLeft(_s2, 17) ^ (key * 0xD1B54A32D192ED03UL);
        return new Rng(mixed);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (every float32 step in the interval).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>), unbiased (Lemire's method).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), "Must be positive.");
        var range = (ulong)exclusiveMax;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold) product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>A standard normal draw (Marsaglia polar method, in double precision).</summary>
    public float NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        var f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = (float)(v * f);
        _hasSpare = true;
        return (float)(u * f);
    }

    public void Uniform(Span<float> destination, float low = 0f, float high = 1f)
    {
        var width = high - low;
        for (var i = 0; i < destination.Length; i++) destination[i] = low + width * NextFloat();
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next values of this generator's normal stream: a counter-based
    /// stream of its own (<see cref="NormalFill"/>, keyed by the seed), apart from the words of
    /// <see cref="NextUInt64"/> and <see cref="NextNormal"/>. Successive fills of n1, n2, ... values give exactly
    /// one fill of n1 + n2 + ... (drawing in chunks changes nothing), and large fills are shared over the thread
    /// team with the same values for any thread count.
    /// </summary>
    public void Normal(Span<float> destination, float mean = 0f, float std = 1f)
    {
        NormalFill.Run(destination, _normalKey, _normalPosition, mean, std);
        _normalPosition += (ulong)destination.Length;
    }

    /// <summary>Writes 1 with probability p[i] and 0 otherwise (e.g. dynamic binarization).</summary>
    public void Bernoulli(ReadOnlySpan<float> probabilities, Span<float> destination)
    {
        if (probabilities.Length != destination.Length)
            throw new ArgumentException($"Bernoulli: {probabilities.Length} probabilities for {destination.Length} outputs.");
        for (var i = 0; i < destination.Length; i++) destination[i] = NextFloat() < probabilities[i] ? 1f : 0f;
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
