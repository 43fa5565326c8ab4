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
}
