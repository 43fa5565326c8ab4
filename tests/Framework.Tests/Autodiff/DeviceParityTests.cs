using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Autodiff;

/// <summary>
/// The op conformance battery across devices: every op runs on the native engine and on LibTorch
/// (torch-cpu) from the same inputs; forward values must agree within 1e-5 relative and the
/// gradients of L = sum(w * f(inputs)) within 1e-4. Finite differences stay on the native engine
/// (the other tests in this folder); this battery ties LibTorch's autograd to them.
/// </summary>
[TestFixture]
public sealed class DeviceParityTests
{
    /// <summary>An op under test: a name, input shapes, a map from U(-1.5, 1.5) draws to the op's domain, and the op.</summary>
    public sealed record OpCase(string Name, Shape[] Inputs, Func<float, float> Domain, Func<Tensor[], Tensor> Op);

    private static float Any(float u) => u;

    private static float Positive(float u) => 0.2f + MathF.Abs(u);

    private static float AwayFromZero(float u) => u < 0 ? u - 0.1f : u + 0.1f;

    private static readonly Shape M = new(3, 4);

    private static OpCase Unary(string name, Func<Tensor, Tensor> op, Func<float, float>? domain = null) =>
        new(name, [M], domain ?? Any, x => op(x[0]));

    public static IEnumerable<TestCaseData> Cases()
    {
        OpCase[] cases =
        [
            Unary("Abs", x => x.Abs(), AwayFromZero),
            Unary("Exp", x => x.Exp()),
            Unary("Log", x => x.Log(), Positive),
            Unary("Log1p", x => x.Log1p(), Positive),
            Unary("Log1mExp", x => x.Log1mExp(), u => 0.05f + 2f * MathF.Abs(u)),
            Unary("LogSigmoid", x => x.LogSigmoid()),
            Unary("Negate", x => x.Negate()),
            Unary("Relu", x => x.Relu(), AwayFromZero),
            Unary("Sigmoid", x => x.Sigmoid()),
            Unary("Softplus", x => x.Softplus()),
            Unary("Sqrt", x => x.Sqrt(), Positive),
            Unary("Square", x => x.Square()),
            Unary("Tanh", x => x.Tanh()),
            Unary("Elu", x => x.Elu(0.7f), AwayFromZero),
            Unary("LeakyRelu", x => x.LeakyRelu(0.1f), AwayFromZero),
            Unary("Pow", x => x.Pow(2.5f), Positive),
            Unary("Clamp", x => x.Clamp(-0.5f, 0.5f), u => MathF.Abs(MathF.Abs(u) - 0.5f) < 0.05f ? u * 1.3f : u),
            Unary("AddScalar", x => x + 1.5f),
            Unary("MulScalar", x => x * -2f),
            new("Add broadcast row", [M, new Shape(4)], Any, x => x[0] + x[1]),
            new("Subtract broadcast outer", [new Shape(3, 1), new Shape(1, 4)], Any, x => x[0] - x[1]),
            new("Multiply", [M, M], Any, x => x[0] * x[1]),
            new("Divide broadcast column", [M, new Shape(3, 1)], Positive, x => x[0] / x[1]),
            Unary("Sum", x => x.Sum()),
            Unary("Sum axis 0", x => x.Sum(0)),
            Unary("Sum axis 1 keepDim", x => x.Sum(1, keepDim: true)),
            Unary("Mean", x => x.Mean()),
            Unary("Mean axis 1", x => x.Mean(1)),
            Unary("LogSumExp axis 0", x => x.LogSumExp(0)),
            Unary("LogSumExp axis 1 keepDim", x => x.LogSumExp(1, keepDim: true)),
            new("LogSumExp middle axis", [new Shape(2, 3, 4)], Any, x => x[0].LogSumExp(1)),
            new("Sum middle axis", [new Shape(2, 3, 4)], Any, x => x[0].Sum(1)),
            Unary("Reshape", x => x.Reshape(2, 6).Square()),
            Unary("Transpose", x => x.Transpose()),
            new("Expand", [new Shape(1, 4)], Any, x => x[0].Expand(M)),
            Unary("Slice", x => x.Slice(1, 1, 2)),
            new("Concat", [M, new Shape(3, 2)], Any, x => x[0].Concat(x[1], 1)),
            new("Concat three", [M, M, new Shape(1, 4)], Any, x => x[0].Concat(x[1], x[2], 0)),
            Unary("GatherRows", x => x.GatherRows([2, 0, 2, 1])),
            Unary("StraightThrough", x => x.Square().StraightThrough(x.Tanh())),
            new("MatMul", [new Shape(5, 3), new Shape(3, 4)], Any, x => x[0].MatMul(x[1])),
            new("MatMul batched", [new Shape(2, 3, 4), new Shape(2, 4, 5)], Any, x => x[0].MatMul(x[1])),
            new("Linear", [new Shape(5, 3), new Shape(3, 4), new Shape(4)], Any, x => x[0].Linear(x[1], x[2])),
            new("Linear rank 3, no bias", [new Shape(2, 5, 3), new Shape(3, 4)], Any, x => x[0].Linear(x[1])),
            new("BernoulliLogProb", [new Shape(6, 4), new Shape(2, 4)], Any, x => x[0].BernoulliLogProb(x[1])),
            new("LinearBernoulliLogProb", [new Shape(6, 3), new Shape(3, 4), new Shape(4), new Shape(2, 4)], Any,
                x => x[0].LinearBernoulliLogProb(x[1], x[2], x[3])),
            new("MaskedMatMul", [new Shape(5, 3), new Shape(3, 4)], Any, x => x[0].MaskedMatMul(x[1], Mask(x[1]))),
            new("Conv2d stride 1", [new Shape(2, 2, 5, 6), new Shape(3, 2, 3, 3), new Shape(3)], Any, x => x[0].Conv2d(x[1], x[2])),
            new("Conv2d stride 2 padding 1", [new Shape(2, 2, 8, 8), new Shape(3, 2, 4, 4), new Shape(3)], Any, x => x[0].Conv2d(x[1], x[2], 2, 1)),
            new("Conv2d no bias stride 3 padding 2", [new Shape(1, 3, 7, 7), new Shape(2, 3, 3, 3)], Any, x => x[0].Conv2d(x[1], null, 3, 2)),
            new("ConvTranspose2d stride 2 padding 1", [new Shape(2, 3, 4, 4), new Shape(3, 2, 4, 4), new Shape(2)], Any, x => x[0].ConvTranspose2d(x[1], x[2], 2, 1)),
            new("ConvTranspose2d no bias stride 1", [new Shape(1, 2, 3, 5), new Shape(2, 3, 3, 2)], Any, x => x[0].ConvTranspose2d(x[1])),
        ];
        return cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));
    }

    /// <summary>A fixed 0/1 mask of w's shape, on w's device.</summary>
    private static Tensor Mask(Tensor w)
    {
        var values = new float[w.Size];
        for (var i = 0; i < values.Length; i++) values[i] = i % 3 == 0 ? 0f : 1f;
        return Tensor.FromArray(values, w.Shape, w.Device);
    }

    private static (float[] Values, float[][] Grads) Run(OpCase op, float[][] inputs, float[] weights, Device device)
    {
        var xs = op.Inputs.Select((s, i) => Tensor.FromArray(inputs[i], s, device)).ToArray();
        foreach (var x in xs) x.RequiresGrad = true;
        var y = op.Op(xs);
        Assert.That(y.Device, Is.EqualTo(device), "the result stays on the inputs' device");
        y.Multiply(Tensor.FromArray(weights, y.Shape, device)).Sum().Backward();
        return (y.ToArray(), xs.Select(x => x.Grad?.ToArray() ?? throw new AssertionException($"{op.Name}: an input got no gradient on {device}")).ToArray());
    }

    [TestCaseSource(nameof(Cases))]
    public void Op_OnTorchCpu_MatchesNativeValuesAndGradients(OpCase op)
    {
        var rng = new Rng(7);
        var inputs = op.Inputs.Select(s =>
        {
            var v = new float[s.Size];
            rng.Uniform(v, -1.5f, 1.5f);
            return v.Select(op.Domain).ToArray();
        }).ToArray();
        var outputSize = OutputSize(op, inputs);
        var weights = new float[outputSize];
        rng.Uniform(weights, -1f, 1f);

        var native = Run(op, inputs, weights, Device.Native);
        var torch = Run(op, inputs, weights, Device.TorchCpu);

        AssertClose(torch.Values, native.Values, 1e-5, $"{op.Name} forward");
        for (var i = 0; i < inputs.Length; i++) AssertClose(torch.Grads[i], native.Grads[i], 1e-4, $"{op.Name} gradient of input {i}");
    }

    private static int OutputSize(OpCase op, float[][] inputs)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = NoGrad.Begin();
        return op.Op(op.Inputs.Select((s, i) => Tensor.FromArray(inputs[i], s)).ToArray()).Size;
    }

    private static void AssertClose(float[] actual, float[] expected, double rtol, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        var scale = expected.Length == 0 ? 1.0 : expected.Max(v => Math.Abs((double)v));
        for (var i = 0; i < expected.Length; i++)
            Assert.That((double)actual[i], Is.EqualTo(expected[i]).Within(rtol * Math.Max(Math.Abs(expected[i]), 1e-2 * scale) + 1e-7), $"{what} [{i}]");
    }

    [Test]
    public void Op_WithInputsOnTwoDevices_FailsNamingBoth()
    {
        var a = Tensor.Ones(M);
        var b = Tensor.Ones(M, Device.TorchCpu);
        var error = Assert.Throws<InvalidOperationException>(() => a.Add(b))!;
        Assert.That(error.Message, Does.Contain("cpu").And.Contain("torch-cpu").And.Contain("Add"));
        Assert.Throws<InvalidOperationException>(() => b.MatMul(a.Transpose()));
    }

    [Test]
    public void Data_OfATorchTensor_FailsWithHowToCopy()
    {
        var t = Tensor.Ones(M, Device.TorchCpu);
        var error = Assert.Throws<InvalidOperationException>(() => _ = t.Data[0])!;
        Assert.That(error.Message, Does.Contain("torch-cpu").And.Contain("ToArray()"));
        Assert.That(t.ToArray(), Is.All.EqualTo(1f));
        Assert.That(t.ToHost().Data.ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void NoGradAndScopes_MeanTheSameOnTorch()
    {
        var x = Tensor.Ones(M, Device.TorchCpu);
        x.RequiresGrad = true;
        using (NoGrad.Begin())
            Assert.That((x * 2f).RequiresGrad, Is.False, "no graph under NoGrad");
        Assert.That((x * 2f).RequiresGrad, Is.True, "a graph outside NoGrad");

        Tensor inner;
        using (TensorScope.Begin())
        {
            inner = (x * 3f).Sum();
            Assert.That(inner.Item(), Is.EqualTo(36f));
        }
        Assert.Throws<ObjectDisposedException>(() => inner.Item(), "a scoped torch tensor is released with its scope");

        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.All.EqualTo(4f), "gradients accumulate across Backward() calls");
        x.ZeroGrad();
        Assert.That(x.Grad!.ToArray(), Is.All.EqualTo(0f));
    }
}
