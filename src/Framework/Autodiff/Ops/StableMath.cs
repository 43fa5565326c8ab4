using System.Numerics;

namespace Research.Framework.Autodiff;

/// <summary>
/// Elementwise kernels that plain float formulas get wrong at the extremes: log1p and expm1 near
/// zero, softplus and log-sigmoid for large |x|. Vectorized with <see cref="Vector{T}"/>; the tail
/// (and single values) use the scalar forms, which compute the same formulas.
/// </summary>
internal static class StableMath
{
    /// <summary>log(1 + x), accurate near 0 (Goldberg: log(u) * x / (u - 1) with u = 1 + x rounded).</summary>
    public static float Log1p(float x)
    {
        var u = 1f + x;
        var d = u - 1f;
        // d == 0: x is below half an ulp of 1, where log1p(x) = x; d infinite: x is +inf.
        return d == 0f ? x : float.IsPositiveInfinity(d) ? d : MathF.Log(u) * (x / d);
    }

    /// <summary>exp(x) - 1, accurate near 0 (Kahan: (u - 1) * x / log(u) with u = exp(x)).</summary>
    public static float Expm1(float x)
    {
        var u = MathF.Exp(x);
        if (u == 1f) return x;
        var d = u - 1f;
        return d == -1f || float.IsPositiveInfinity(u) ? d : d * (x / MathF.Log(u));
    }

    /// <summary>softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|): never overflows.</summary>
    public static float Softplus(float x) => MathF.Max(x, 0f) + Log1p(MathF.Exp(-MathF.Abs(x)));

    /// <summary>y = log(1 + x) elementwise.</summary>
    public static void Log1p(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                Log1p(new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] = Log1p(x[i]);
    }

    /// <summary>y = softplus(sign * x) * sign elementwise: sign 1 is softplus, sign -1 is log-sigmoid (-softplus(-x)).</summary>
    public static void SignedSoftplus(ReadOnlySpan<float> x, float sign, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(sign);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]) * s;
                var sp = Vector.Max(v, Vector<float>.Zero) + Log1p(Vector.Exp(-Vector.Abs(v)));
                (sp * s).CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++) y[i] = Softplus(sign * x[i]) * sign;
    }

    /// <summary>log(1 + x) lanewise (the vector form of <see cref="Log1p(float)"/>).</summary>
    internal static Vector<float> Log1p(Vector<float> x)
    {
        var u = x + Vector<float>.One;
        var d = u - Vector<float>.One;
        var r = Vector.Log(u) * (x / d);
        r = Vector.ConditionalSelect(Vector.Equals(d, new Vector<float>(float.PositiveInfinity)), d, r);
        return Vector.ConditionalSelect(Vector.Equals(d, Vector<float>.Zero), x, r);
    }

    /// <summary>
    /// softplus lanewise with the transcendental parts as short polynomials (for the fused likelihood
    /// kernel, where they dominate): max(v, 0) + log1p(u), u = e^-|v| in (0, 1] (<see cref="ExpOfNegativePolynomial"/>);
    /// log1p(u) = 2 atanh(s), s = u / (2 + u) in (0, 1/3], by the odd series to s^13 (truncation below 2e-8).
    /// Differs from <see cref="Softplus(float)"/> by a few float ulps. For any lane width (<see cref="IFloatLanes{TV}"/>).
    /// </summary>
    internal static TV SoftplusPolynomial<TV, TL>(TV v) where TV : struct where TL : struct, IFloatLanes<TV>
    {
        var u = ExpOfNegativePolynomial<TV, TL>(TL.Abs(v));
        var s = TL.Divide(u, TL.Add(TL.Splat(2f), u));
        var s2 = TL.Multiply(s, s);
        var q = TL.Splat(1f / 13f);
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f / 11f));
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f / 9f));
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f / 7f));
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f / 5f));
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f / 3f));
        q = TL.FusedMultiplyAdd(q, s2, TL.Splat(1f));
        return TL.Add(TL.Max(v, TL.Splat(0f)), TL.Multiply(TL.Add(s, s), q));
    }

    /// <summary>
    /// sigmoid(v) = 1 / (1 + e^-v) lanewise as e^-|v| by <see cref="ExpOfNegativePolynomial"/>: 1 / (1 + u) for
    /// v >= 0, u / (1 + u) below (no overflow; a few float ulps from the exact value). The float polynomial is
    /// about twice as fast as Vector.Exp, which computes in double (the Bernoulli gradient's kernel).
    /// </summary>
    internal static TV SigmoidPolynomial<TV, TL>(TV v) where TV : struct where TL : struct, IFloatLanes<TV>
    {
        var u = ExpOfNegativePolynomial<TV, TL>(TL.Abs(v));
        var one = TL.Splat(1f);
        return TL.Divide(TL.WhereNegative(v, u, one), TL.Add(one, u));
    }

    /// <summary>
    /// e^-t lanewise for t >= 0 (clamped at 87, where it is below 2e-38): 2^n e^r with n = round(-t / ln 2) and
    /// |r| <= ln 2 / 2, e^r by its Taylor series to r^6 (truncation below 1.3e-7 relative).
    /// </summary>
    private static TV ExpOfNegativePolynomial<TV, TL>(TV t) where TV : struct where TL : struct, IFloatLanes<TV>
    {
        var minusT = TL.Negate(TL.Min(t, TL.Splat(87f)));
        // Adding 1.5 * 2^23 rounds -t / ln 2 to an integer n, which lands in the low bits of the sum.
        var magic = TL.Splat(12582912f);
        var shifted = TL.FusedMultiplyAdd(minusT, TL.Splat(1.44269504f), magic);
        var n = TL.Subtract(shifted, magic);
        var r = TL.FusedMultiplyAdd(n, TL.Splat(-0.693145752f), minusT); // ln 2 in two parts: exact n * hi
        r = TL.FusedMultiplyAdd(n, TL.Splat(-1.42860677e-6f), r);
        var p = TL.Splat(1f / 720f);
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(1f / 120f));
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(1f / 24f));
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(1f / 6f));
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(0.5f));
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(1f));
        p = TL.FusedMultiplyAdd(p, r, TL.Splat(1f));
        return TL.Multiply(p, TL.PowerOfTwoFromRoundingSum(shifted));
    }
}
