using Research.Framework.Autodiff;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

public class ActivationGradTests
{
    /// <summary>One elementwise op: the op, its formula in double, an input range and a kink to keep inputs away from.</summary>
    public sealed record Unary(string Name, Func<Tensor, Tensor> Op, Func<double, double> Reference, float Low = -2f, float High = 2f, float? Kink = null)
    {
        public override string ToString() => Name;
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static IEnumerable<TestCaseData> Ops()
    {
        Unary[] cases =
        [
            new("Exp", x => x.Exp(), Math.Exp),
            new("Log", x => x.Log(), Math.Log, 0.2f, 3f),
            new("Log1p", x => x.Log1p(), x => Math.Log(1 + x), -0.6f, 2f),
            new("Softplus", x => x.Softplus(), Softplus, -6f, 6f),
            new("Sigmoid", x => x.Sigmoid(), x => 1 / (1 + Math.Exp(-x)), -6f, 6f),
            new("LogSigmoid", x => x.LogSigmoid(), x => -Softplus(-x), -6f, 6f),
            new("Tanh", x => x.Tanh(), Math.Tanh),
            new("Relu", x => x.Relu(), x => Math.Max(x, 0), Kink: 0f),
            new("Elu", x => x.Elu(0.7f), x => x > 0 ? x : 0.7 * (Math.Exp(x) - 1), Kink: 0f),
            new("LeakyRelu", x => x.LeakyRelu(0.1f), x => x > 0 ? x : 0.1 * x, Kink: 0f),
            new("Square", x => x.Square(), x => x * x),
            new("Sqrt", x => x.Sqrt(), Math.Sqrt, 0.2f, 3f),
            new("Abs", x => x.Abs(), Math.Abs, Kink: 0f),
            new("ClampLow", x => x.Clamp(-0.5f, 10f), x => Math.Max(x, -0.5), Kink: -0.5f),
            new("ClampHigh", x => x.Clamp(-10f, 0.5f), x => Math.Min(x, 0.5), Kink: 0.5f),
        ];
        foreach (var c in cases) yield return new TestCaseData(c).SetArgDisplayNames(c.Name);
    }

    // 37 elements: whole SIMD vectors plus a scalar tail.
    private static Tensor Input(Unary op, ulong seed)
    {
        var x = GradCheck.Uniform(seed, new Shape(37), op.Low, op.High);
        return op.Kink is { } k ? x.AwayFrom(k) : x;
    }

    [TestCaseSource(nameof(Ops))]
    public void Forward_Elementwise_MatchesDoubleFormula(Unary op)
    {
        var x = Input(op, 31);
        GradCheck.AssertElementwise(op.Op(x), x, op.Reference, rtol: 2e-6, atol: 1e-6);
    }

    [TestCaseSource(nameof(Ops))]
    public void Backward_Elementwise_MatchesFiniteDifferences(Unary op) =>
        GradCheck.Check(x => op.Op(x[0]), [Input(op, 32)], eps: 1e-3f);

    [TestCaseSource(nameof(Ops))]
    public void Backward_Matrix_MatchesFiniteDifferences(Unary op)
    {
        var x = GradCheck.Uniform(33, new Shape(3, 5), op.Low, op.High);
        if (op.Kink is { } k) x.AwayFrom(k);
        GradCheck.Check(t => op.Op(t[0]), [x], eps: 1e-3f);
    }

    [TestCaseSource(nameof(Ops))]
    public void Backward_InputUsedTwice_MatchesFiniteDifferences(Unary op)
    {
        // The first rule to run writes the new gradient buffer without zeroing it; the second must add to it.
        var x = Input(op, 34);
        GradCheck.Check(t => op.Op(t[0]).Add(op.Op(t[0]).Square()), [x], eps: 1e-3f);
    }

    /// <summary>Extreme inputs laid out so each one lands both in a SIMD lane and in the scalar tail.</summary>
    private static Tensor Extremes(params float[] values)
    {
        var data = new float[16 + values.Length];
        for (var i = 0; i < data.Length; i++) data[i] = values[i % values.Length];
        var x = Tensor.FromArray(data);
        x.RequiresGrad = true;
        return x;
    }

    private static float[] Gradient(Tensor x, Func<Tensor, Tensor> op)
    {
        op(x).Sum().Backward();
        return x.Grad!.ToArray();
    }

    private const double SubnormalSpacing = 1.5e-45;

    [Test]
    public void Softplus_Extremes_ExactAndFinite()
    {
        var x = Extremes(100f, -100f);
        var y = x.Softplus().ToArray();
        var g = Gradient(x, t => t.Softplus());
        for (var i = 0; i < y.Length; i++)
        {
            Assert.That(float.IsFinite(y[i]) && float.IsFinite(g[i]), $"element {i}: {y[i]}, grad {g[i]}");
            if (x.Data[i] > 0)
            {
                Assert.That(y[i], Is.EqualTo(100f));
                Assert.That(g[i], Is.EqualTo(1f));
            }
            else
            {
                // softplus(-100) = e^-100 (1 - ...) = 3.72e-44, a float subnormal (spacing 1.4e-45): not rounded to 0.
                Assert.That((double)y[i], Is.EqualTo(3.72e-44).Within(SubnormalSpacing), $"element {i}");
                Assert.That(g[i], Is.InRange(0f, 1e-40f));
            }
        }
    }

    [Test]
    public void LogSigmoid_Extremes_ExactAndFinite()
    {
        var x = Extremes(-100f, 100f);
        var y = x.LogSigmoid().ToArray();
        var g = Gradient(x, t => t.LogSigmoid());
        for (var i = 0; i < y.Length; i++)
        {
            if (x.Data[i] < 0)
            {
                Assert.That(y[i], Is.EqualTo(-100f));
                Assert.That(g[i], Is.EqualTo(1f));
            }
            else
            {
                Assert.That((double)y[i], Is.EqualTo(-3.72e-44).Within(SubnormalSpacing), $"element {i}");
                Assert.That(g[i], Is.InRange(0f, 1e-40f));
            }
        }
    }

    [Test]
    public void Sigmoid_Extremes_SaturateWithFiniteGradients()
    {
        var x = Extremes(100f, -100f);
        var y = x.Sigmoid().ToArray();
        var g = Gradient(x, t => t.Sigmoid());
        for (var i = 0; i < y.Length; i++)
        {
            Assert.That(y[i], Is.EqualTo(x.Data[i] > 0 ? 1f : 0f).Within(1e-30f));
            Assert.That(float.IsFinite(g[i]), $"gradient {i} is {g[i]}");
            Assert.That(g[i], Is.InRange(0f, 1e-30f));
        }
    }

    [Test]
    public void Exp_LargeInputs_OverflowLikeFloatMath()
    {
        var x = Extremes(88f, 89f, 100f, -100f);
        var y = x.Exp().ToArray();
        var g = Gradient(x, t => t.Exp());
        for (var i = 0; i < y.Length; i++)
        {
            var expected = MathF.Exp(x.Data[i]);
            Assert.That(y[i], Is.EqualTo(expected).Within(1e-6 * expected + 1e-43), $"element {i}");
            Assert.That(g[i], Is.EqualTo(y[i]));
        }
        Assert.That(y[2], Is.EqualTo(float.PositiveInfinity));
        Assert.That(float.IsNaN(y[2]), Is.False);
    }

    [Test]
    public void Log1p_TinyInputs_KeepFullPrecision()
    {
        var x = Extremes(1e-10f, -1e-9f, 3e-30f);
        var y = x.Log1p().ToArray();
        for (var i = 0; i < y.Length; i++)
        {
            double v = x.Data[i];
            var expected = v - v * v / 2 + v * v * v / 3; // the series: 1 + v rounds to 1 even in double for 3e-30
            Assert.That((double)y[i], Is.EqualTo(expected).Within(1e-6 * Math.Abs(v)), $"element {i}");
        }
    }

    [Test]
    public void Elu_TinyNegativeInputs_AccurateExpm1()
    {
        var x = Tensor.FromArray([-1e-8f, -3e-6f]);
        var y = x.Elu(2f).ToArray();
        Assert.That((double)y[0], Is.EqualTo(2 * -1e-8).Within(1e-15));
        Assert.That((double)y[1], Is.EqualTo(2 * (Math.Exp(-3e-6) - 1)).Within(1e-12));
    }

    [Test]
    public void Clamp_MinAboveMax_Throws() =>
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2)).Clamp(1f, 0f));

    [Test]
    public void Clamp_GradientPassesOnlyInsideRange()
    {
        var x = Tensor.FromArray([-2f, -1f, 0f, 1f, 2f]);
        x.RequiresGrad = true;
        x.Clamp(-1f, 1f).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 1f, 1f, 1f, 0f }));
    }

    [TestCase(1000, 200)] // a K = 50, batch 20 hidden layer: split across the team
    [TestCase(7, 10001)] // 70,007 elements: a partial last chunk
    public void Tanh_AnyThreadCount_GivesBitwiseTheSameValuesAndGradients(int rows, int columns)
    {
        var x0 = GradCheck.Uniform(81, new Shape(rows, columns), -3f, 3f);
        var upstream = GradCheck.Uniform(82, x0.Shape);
        (float[] Y, float[] G) At(int threads)
        {
            using var team = Research.Framework.Kernels.ThreadTeam.Use(threads);
            var x = Tensor.FromArray(x0.ToArray(), x0.Shape);
            x.RequiresGrad = true;
            var y = x.Tanh();
            y.Multiply(upstream).Sum().Backward();
            return (y.ToArray(), x.Grad!.ToArray());
        }
        var one = At(1);
        var reference = x0.ToArray().Select(v => (float)Math.Tanh(v)).ToArray();
        Assert.That(one.Y, Is.EqualTo(reference).Within(2e-6f));
        foreach (var threads in (int[])[2, 3])
        {
            var other = At(threads);
            Assert.That(other.Y, Is.EqualTo(one.Y), $"values, {threads} threads");
            Assert.That(other.G, Is.EqualTo(one.G), $"gradients, {threads} threads");
        }
    }
}
