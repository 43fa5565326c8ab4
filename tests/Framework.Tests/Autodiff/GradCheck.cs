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

    /// <summary>A persistent tensor of the given shape with uniform values in [low, high).</summary>
    public static Tensor Uniform(ulong seed, Shape shape, float low = -1f, float high = 1f)
    {
        var t = Tensor.Empty(shape);
        new Rng(seed).Uniform(t.Data, low, high);
        return t;
    }
}
