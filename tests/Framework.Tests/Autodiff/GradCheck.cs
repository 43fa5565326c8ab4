using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

/// <summary>
/// Checks an op's backward against central finite differences of L = sum(w * f(inputs)) for a
/// fixed random w. Losses are accumulated in double so that float32 rounding stays far below the
/// finite-difference step's effect.
/// </summary>
internal static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float eps = 1e-2f, double rtol = 2e-2, double atol = 2e-3, int maxElementsPerInput = 64)
    {
        foreach (var x in inputs) x.RequiresGrad = true;
        var y = f(inputs);
        var w = Tensor.Empty(y.Shape);
        new Rng(99).Uniform(w.Data, -1f, 1f);
        var wValues = w.ToArray();
        y.Multiply(w).Sum().Backward();

        for (var i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            Assert.That(x.Grad, Is.Not.Null, $"input {i} received no gradient");
            var analytic = x.Grad!.ToArray();
            var stride = Math.Max(1, x.Size / maxElementsPerInput);
            for (var j = 0; j < x.Size; j += stride)
            {
                var original = x.Data[j];
                x.Data[j] = original + eps;
                var plus = Loss(f, inputs, wValues);
                x.Data[j] = original - eps;
                var minus = Loss(f, inputs, wValues);
                x.Data[j] = original;
                var numeric = (plus - minus) / (2.0 * eps);
                var tolerance = atol + rtol * Math.Max(Math.Abs(numeric), Math.Abs(analytic[j]));
                Assert.That(analytic[j], Is.EqualTo(numeric).Within(tolerance),
                    $"d/d input{i}[{j}] (value {original}): analytic {analytic[j]} vs numeric {numeric}");
            }
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] w)
    {
        using var noGrad = NoGrad.Begin();
        var y = f(inputs).Data;
        var sum = 0.0;
        for (var k = 0; k < y.Length; k++) sum += (double)y[k] * w[k];
        return sum;
    }

    /// <summary>Asserts y equals <paramref name="reference"/> applied to x elementwise (computed in double).</summary>
    public static void AssertElementwise(Tensor y, Tensor x, Func<double, double> reference, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.That(y.Shape, Is.EqualTo(x.Shape));
        for (var i = 0; i < x.Size; i++)
        {
            var expected = reference(x.Data[i]);
            Assert.That((double)y.Data[i], Is.EqualTo(expected).Within(atol + rtol * Math.Abs(expected)), $"y[{i}] at x = {x.Data[i]}");
        }
    }

    /// <summary>Asserts the values of y equal <paramref name="expected"/> within a relative tolerance.</summary>
    public static void AssertValues(Tensor y, double[] expected, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.That(y.Size, Is.EqualTo(expected.Length), $"size of {y.Shape}");
        for (var i = 0; i < expected.Length; i++)
            Assert.That((double)y.Data[i], Is.EqualTo(expected[i]).Within(atol + rtol * Math.Abs(expected[i])), $"y[{i}]");
    }

    /// <summary>Moves values within <paramref name="gap"/> of <paramref name="kink"/> away from it, so finite differences never straddle a kink.</summary>
    public static Tensor AwayFrom(this Tensor t, float kink, float gap = 0.05f)
    {
        var d = t.Data;
        for (var i = 0; i < d.Length; i++)
            if (Math.Abs(d[i] - kink) < gap) d[i] = d[i] < kink ? kink - gap : kink + gap;
        return t;
    }

    /// <summary>A persistent tensor of the given shape with uniform values in [low, high).</summary>
    public static Tensor Uniform(ulong seed, Shape shape, float low = -1f, float high = 1f)
    {
        var t = Tensor.Empty(shape);
        new Rng(seed).Uniform(t.Data, low, high);
        return t;
    }
}
