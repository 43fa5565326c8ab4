using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using TorchSharp;

namespace Research.Framework.Tests.Optim;

/// <summary>
/// Every optimizer on the native engine and on LibTorch (torch-cpu): the same steps of a tiny MLP's
/// squared error from the same seeded start, through the real autodiff of each device, must reach
/// the same parameters within 1e-5 relative; checkpointed state must carry over between devices.
/// </summary>
[TestFixture]
public sealed class OptimizerDeviceParityTests
{
    private const int Steps = 20;

    /// <summary>An optimizer under test, and whether each step clips the gradients first.</summary>
    public sealed record OptimizerCase(string Name, Func<IReadOnlyList<Tensor>, Optimizer> Create, bool Clip = false);

    public static IEnumerable<TestCaseData> Cases()
    {
        OptimizerCase[] cases =
        [
            new("Adam", p => new Adam(p, lr: 0.01f)),
            new("Adam initialSecondMoment", p => new Adam(p, lr: 0.01f, beta1: 0.99f, eps: 1e-4f, initialSecondMoment: 1f)),
            new("Adamax", p => new Adamax(p, lr: 0.01f)),
            new("Sgd", p => new Sgd(p, lr: 0.05f)),
            new("Sgd momentum", p => new Sgd(p, lr: 0.05f, momentum: 0.9f)),
            new("Sgd nesterov", p => new Sgd(p, lr: 0.05f, momentum: 0.9f, nesterov: true)),
            new("Adam ClipByGlobalNorm", p => new Adam(p, lr: 0.01f), Clip: true),
            new("Sgd ClipByGlobalNorm", p => new Sgd(p, lr: 0.05f), Clip: true),
        ];
        return cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));
    }

    /// <summary>A seeded 3-8-2 tanh MLP built on the host, then moved to <paramref name="device"/>.</summary>
    private static Mlp Model(Device device)
    {
        var mlp = Mlp.Create([3, 8, 2], Activation.Tanh, new Rng(11));
        mlp.To(device);
        return mlp;
    }

    private static (float[] X, float[] Y) Batch()
    {
        var rng = new Rng(5);
        var (x, y) = (new float[6 * 3], new float[6 * 2]);
        rng.Uniform(x, -1f, 1f);
        rng.Uniform(y, -1f, 1f);
        return (x, y);
    }

    /// <summary>Steps <paramref name="count"/> times on sum((mlp(x) - y)^2); the gradient norm clipped to 0.5 when asked.</summary>
    private static void Train(Mlp mlp, Optimizer optimizer, int count, bool clip)
    {
        var (x, y) = Batch();
        var device = optimizer.Device;
        for (var t = 0; t < count; t++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var prediction = mlp.Forward(Tensor.FromArray(x, new Shape(6, 3), device));
            prediction.Subtract(Tensor.FromArray(y, new Shape(6, 2), device)).Square().Sum().Backward();
            if (clip) GradientClipping.ClipByGlobalNorm(optimizer.Parameters, 0.5f);
            optimizer.Step();
        }
    }

    private static float[] Values(Mlp mlp) => mlp.Parameters().SelectMany(p => p.ToArray()).ToArray();

    /// <summary>
    /// Within <paramref name="rtol"/> of each value, or of a tenth of the largest for values near 0:
    /// the two autodiffs round differently, and Adam's normalized steps carry that into small weights.
    /// </summary>
    private static void AssertClose(float[] actual, float[] expected, double rtol, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        var scale = expected.Max(v => Math.Abs((double)v));
        for (var i = 0; i < expected.Length; i++)
            Assert.That((double)actual[i], Is.EqualTo(expected[i]).Within(rtol * Math.Max(Math.Abs(expected[i]), 0.1 * scale)), $"{what} [{i}]");
    }

    [TestCaseSource(nameof(Cases))]
    public void Step_OnTorchCpu_ReachesTheNativeParameters(OptimizerCase c)
    {
        var native = Model(Device.Native);
        var torchModel = Model(Device.TorchCpu);
        var start = Values(native);
        var torchOptimizer = c.Create(torchModel.Parameters());
        Assert.That(torchOptimizer.Device, Is.EqualTo(Device.TorchCpu));

        Train(native, c.Create(native.Parameters()), Steps, c.Clip);
        Train(torchModel, torchOptimizer, Steps, c.Clip);

        Assert.That(Values(native), Is.Not.EqualTo(start), "the parameters moved");
        AssertClose(Values(torchModel), Values(native), 1e-5, c.Name);
    }

    [TestCaseSource(nameof(Cases))]
    public void Restore_StateSavedOnTorchCpu_ContinuesNativelyAsTheUninterruptedTorchRun(OptimizerCase c) =>
        AssertResumesAcross(c, from: Device.TorchCpu, to: Device.Native);

    [TestCaseSource(nameof(Cases))]
    public void Restore_StateSavedNatively_ContinuesOnTorchCpuAsTheUninterruptedNativeRun(OptimizerCase c) =>
        AssertResumesAcross(c, from: Device.Native, to: Device.TorchCpu);

    /// <summary>12 steps on <paramref name="from"/>, saved as a checkpoint would, then 8 on <paramref name="to"/>.</summary>
    private static void AssertResumesAcross(OptimizerCase c, Device from, Device to)
    {
        var straight = Model(from);
        Train(straight, c.Create(straight.Parameters()), Steps, c.Clip);

        var first = Model(from);
        var before = c.Create(first.Parameters());
        Train(first, before, 12, c.Clip);
        var saved = before.State().ToDictionary(s => s.Name, s => s.Values);

        var resumed = Model(Device.Native);
        foreach (var (p, q) in resumed.Parameters().Zip(first.Parameters())) p.CopyFrom(q.ToArray());
        resumed.To(to);
        var after = c.Create(resumed.Parameters());
        Assert.That(after.State().Select(s => s.Name), Is.EqualTo(saved.Keys), "the same buffer names on both devices");
        after.Restore(before.StepCount, saved);
        Train(resumed, after, Steps - 12, c.Clip);

        Assert.That(after.StepCount, Is.EqualTo(Steps));
        AssertClose(Values(resumed), Values(straight), 1e-5, $"{c.Name}, {from} to {to}");
    }

    [Test]
    public void Adam_ParametersOnTwoDevices_FailsNamingBoth()
    {
        var a = Tensor.Ones(new Shape(2));
        var b = Tensor.Ones(new Shape(2), Device.TorchCpu);
        b.Name = "decoder.weight";
        var error = Assert.Throws<ArgumentException>(() => new Adam([a, b]))!;
        Assert.That(error.Message, Does.Contain("cpu").And.Contain("torch-cpu").And.Contain("decoder.weight"));
        Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm([a, b], 1f));
    }

    [Test]
    public void Step_AfterTheModelMoved_FailsNamingBothDevices()
    {
        var mlp = Model(Device.Native);
        var sgd = new Sgd(mlp.Parameters(), lr: 0.1f);
        mlp.To(Device.TorchCpu);
        var error = Assert.Throws<InvalidOperationException>(() => sgd.Step())!;
        Assert.That(error.Message, Does.Contain("cpu").And.Contain("torch-cpu"));
        Assert.That(sgd.StepCount, Is.Zero, "no step taken");
    }

    [TestCaseSource(nameof(Cases))]
    public void Step_OnTorchCpu_LeavesNoLiveLibTorchTensorsBehind(OptimizerCase c)
    {
        var mlp = Model(Device.TorchCpu);
        var optimizer = c.Create(mlp.Parameters());
        Train(mlp, optimizer, 2, c.Clip); // the gradients and their wrappers exist from here on
        var live = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (var t = 0; t < 3; t++)
        {
            if (c.Clip) GradientClipping.ClipByGlobalNorm(optimizer.Parameters, 1e-3f);
            optimizer.Step();
        }
        Assert.That(DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount, Is.EqualTo(live));
    }
}
