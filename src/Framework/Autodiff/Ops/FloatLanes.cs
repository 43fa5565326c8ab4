using System.Numerics;
using System.Runtime.Intrinsics;

namespace Research.Framework.Autodiff;

/// <summary>
/// The float SIMD operations of the polynomial kernels (<see cref="StableMath"/>), for one vector width: a
/// kernel is written once as a generic method over a lanes struct and the JIT compiles it for each width
/// (static abstract calls on a struct type argument are inlined: no calls, no boxing). Needed because
/// <see cref="Vector{T}"/> stays 256 bits wide on AVX-512 machines unless DOTNET_MaxVectorTBitWidth=512 is set.
/// </summary>
internal interface IFloatLanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Splat(float value);
    static abstract TV Load(ReadOnlySpan<float> source);
    static abstract void Store(TV value, Span<float> destination);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);

    /// <summary>a * b + c, rounded once.</summary>
    static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);

    static abstract TV Min(TV a, TV b);
    static abstract TV Max(TV a, TV b);
    static abstract TV Abs(TV a);
    static abstract TV Negate(TV a);

    /// <summary>Lanewise: <paramref name="ifNegative"/> where v &lt; 0, else <paramref name="otherwise"/>.</summary>
    static abstract TV WhereNegative(TV v, TV ifNegative, TV otherwise);

    /// <summary>2^n as floats from s = n + 1.5 * 2^23 (n, a small integer, in the low mantissa bits of s).</summary>
    static abstract TV PowerOfTwoFromRoundingSum(TV s);

    static abstract float Sum(TV v);
}

/// <summary>512-bit lanes (16 floats).</summary>
internal readonly struct Lanes512 : IFloatLanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Splat(float value) => Vector512.Create(value);
    public static Vector512<float> Load(ReadOnlySpan<float> source) => Vector512.Create(source);
    public static void Store(Vector512<float> value, Span<float> destination) => value.CopyTo(destination);
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    public static Vector512<float> Negate(Vector512<float> a) => -a;
    public static Vector512<float> WhereNegative(Vector512<float> v, Vector512<float> ifNegative, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<float>.Zero), ifNegative, otherwise);
    public static Vector512<float> PowerOfTwoFromRoundingSum(Vector512<float> s) =>
        Vector512.ShiftLeft(s.AsInt32() - Vector512.Create(0x4B400000 - 127), 23).AsSingle();
    public static float Sum(Vector512<float> v) => Vector512.Sum(v);
}

/// <summary>The lanes of <see cref="Vector{T}"/> (the widest the runtime gives it: 256 bits on x64 by default).</summary>
internal readonly struct LanesOfVector : IFloatLanes<Vector<float>>
{
    public static int Count => Vector<float>.Count;
    public static Vector<float> Splat(float value) => new(value);
    public static Vector<float> Load(ReadOnlySpan<float> source) => new(source);
    public static void Store(Vector<float> value, Span<float> destination) => value.CopyTo(destination);
    public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;
    public static Vector<float> Subtract(Vector<float> a, Vector<float> b) => a - b;
    public static Vector<float> Multiply(Vector<float> a, Vector<float> b) => a * b;
    public static Vector<float> Divide(Vector<float> a, Vector<float> b) => a / b;
    public static Vector<float> FusedMultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) => Vector.FusedMultiplyAdd(a, b, c);
    public static Vector<float> Min(Vector<float> a, Vector<float> b) => Vector.Min(a, b);
    public static Vector<float> Max(Vector<float> a, Vector<float> b) => Vector.Max(a, b);
    public static Vector<float> Abs(Vector<float> a) => Vector.Abs(a);
    public static Vector<float> Negate(Vector<float> a) => -a;
    public static Vector<float> WhereNegative(Vector<float> v, Vector<float> ifNegative, Vector<float> otherwise) =>
        Vector.ConditionalSelect(Vector.LessThan(v, Vector<float>.Zero), ifNegative, otherwise);
    public static Vector<float> PowerOfTwoFromRoundingSum(Vector<float> s) =>
        Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorInt32(s) - new Vector<int>(0x4B400000 - 127), 23));
    public static float Sum(Vector<float> v) => Vector.Sum(v);
}
