using System.Runtime.Intrinsics;

namespace Research.Framework.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators"): output c of
/// the generator seeded with s is Mix(s + (c + 1) Gamma). It seeds <see cref="Rng"/> and, being computable
/// for any c, gives the counter-based words of <see cref="NormalFill"/>.
/// </summary>
internal static class SplitMix64
{
    /// <summary>The increment: 2^64 divided by the golden ratio, odd.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The output function (Stafford's "mix13" finalizer).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary><see cref="Mix(ulong)"/> on each lane (the same bits).</summary>
    public static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>The next output of the sequential generator with state <paramref name="state"/>.</summary>
    public static ulong Next(ref ulong state) => Mix(state += Gamma);
}
