using Research.Framework.Autodiff;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Tests.Probability;

/// <summary>
/// Every distribution on LibTorch (torch-cpu) against the native engine, from the same host inputs:
/// log-densities within 1e-5 relative, their gradients within 1e-4 of the largest, and draws from
/// the same seed equal within 1e-5 (draws are made on the host, so they are the same numbers; only
/// the parameters they are scaled by may differ in the last bits).
/// </summary>
[TestFixture]
public sealed class DistributionDeviceParityTests
{
    private const double ValueTolerance = 1e-5, GradientTolerance = 1e-4, DrawTolerance = 1e-5;

    private static float[] Uniform(ulong seed, int size, float low = -1f, float high = 1f)
    {
        var values = new float[size];
        new Rng(seed).Uniform(values, low, high);
        return values;
    }

    /// <summary>Runs <paramref name="f"/> on <paramref name="device"/> in a scope and returns its values, checking where they live.</summary>
    private static float[] On(Device device, string what, Func<Device, Tensor> f)
    {
        using var scope = TensorScope.Begin();
        return f(device).ValuesOn(device, what);
    }

    private static void AssertParity(string what, Func<Device, Tensor> f, double rtol = ValueTolerance) =>
        DeviceAssert.Close(On(Device.TorchCpu, what, f), On(Device.Native, what, f), rtol, what);

    /// <summary>Values on the host grid k / 255 with exact 0s and 1s (the discretized logistic's edge bins).</summary>
    private static float[] GridData(ulong seed, int size) =>
        Uniform(seed, size, -0.3f, 1.3f).Select(u => MathF.Round(Math.Clamp(u, 0f, 1f) * 255f) / 255f).ToArray();

    [Test]
    public void DiagonalNormal_LogProbAndKl_OnTorchCpu_MatchNative()
    {
        var (b, d) = (3, 4);
        var (mean, logStd, x) = (Uniform(1, b * d), Uniform(2, b * d, -1f, 0.5f), Uniform(3, 2 * b * d, -2f, 2f));
        DiagonalNormal Q(Device device) => new(Tensor.FromArray(mean, new Shape(b, d), device), Tensor.FromArray(logStd, new Shape(b, d), device));
        DiagonalNormal Other(Device device) => new(Tensor.FromArray(x.AsSpan(0, b * d), new Shape(b, d), device), Tensor.FromArray(Uniform(4, d, -0.5f, 0.5f), new Shape(d), device));
        AssertParity("DiagonalNormal.LogProb", device => Q(device).LogProb(Tensor.FromArray(x, new Shape(2 * b, d), device)));
        AssertParity("DiagonalNormal.KlToStandardNormal", device => Q(device).KlToStandardNormal());
        AssertParity("DiagonalNormal.KlPerDimensionTo", device => Q(device).KlPerDimensionTo(Other(device)));
    }

    [Test]
    public void DiagonalNormal_RSample_OnTorchCpu_DrawsTheSameValues()
    {
        var (b, d) = (3, 4);
        var (mean, logStd) = (Uniform(5, b * d), Uniform(6, d, -1f, 0.5f)); // a log-std shared by the rows
        AssertParity("DiagonalNormal.RSample", device =>
            new DiagonalNormal(Tensor.FromArray(mean, new Shape(b, d), device), Tensor.FromArray(logStd, new Shape(d), device)).RSample(5, new Rng(7)), DrawTolerance);
    }

    [Test]
    public void StandardNormal_LogProbAndSample_OnTorchCpu_MatchNative()
    {
        var z = Uniform(8, 20, -3f, 3f);
        AssertParity("StandardNormal.LogProb", device => StandardNormal.LogProb(Tensor.FromArray(z, new Shape(4, 5), device)));
        AssertParity("StandardNormal.Sample", device => StandardNormal.Sample(6, 5, new Rng(9), device), DrawTolerance);
    }

    [Test]
    public void Bernoulli_LogProbMeanAndSample_OnTorchCpu_MatchNative()
    {
        var logits = Uniform(10, 4 * 6, -4f, 4f); // K = 2 repeats of 2 rows
        var x = Uniform(11, 2 * 6, 0f, 1f).Select(u => u < 0.4f ? 1f : 0f).ToArray();
        Bernoulli Of(Device device) => new(Tensor.FromArray(logits, new Shape(4, 6), device));
        AssertParity("Bernoulli.LogProb", device => Of(device).LogProb(Tensor.FromArray(x, new Shape(2, 6), device)));
        AssertParity("Bernoulli.Mean", device => Of(device).Mean());
        AssertParity("Bernoulli.Sample", device => Of(device).Sample(new Rng(12)), DrawTolerance);
    }

    [TestCase(true, TestName = "DiscretizedLogistic_LogProbAndSample_WithAScalePerElement_OnTorchCpu_MatchNative")]
    [TestCase(false, TestName = "DiscretizedLogistic_LogProbAndSample_WithAScalePerPixel_OnTorchCpu_MatchNative")]
    public void DiscretizedLogistic_LogProbAndSample_OnTorchCpu_MatchNative(bool scalePerElement)
    {
        var (n, b, p) = (6, 3, 8); // K = 2
        var mean = Uniform(13, n * p, -0.2f, 1.2f);
        var scaleShape = scalePerElement ? new Shape(n, p) : new Shape(p);
        var logScale = Uniform(14, scaleShape.Size, -5f, -1f);
        var x = GridData(15, b * p);
        Assert.That(x, Has.Some.EqualTo(0f).And.Some.EqualTo(1f), "both edge bins are exercised");
        DiscretizedLogistic Of(Device device) => new(Tensor.FromArray(mean, new Shape(n, p), device), Tensor.FromArray(logScale, scaleShape, device));
        AssertParity("DiscretizedLogistic.LogProb", device => Of(device).LogProb(Tensor.FromArray(x, new Shape(b, p), device)));
        AssertParity("DiscretizedLogistic.Location", device => Of(device).Location());
        AssertParity("DiscretizedLogistic.Sample", device => Of(device).Sample(new Rng(16)), DrawTolerance);
    }

    [Test]
    public void DiscretizedLogistic_LogProbGradient_OnTorchCpu_MatchesNative()
    {
        var (b, p) = (3, 8);
        var (mean, logScale, x) = (Uniform(17, b * p, -0.2f, 1.2f), Uniform(18, b * p, -5f, -1f), GridData(19, b * p));
        float[][] Gradients(Device device)
        {
            var m = Tensor.FromArray(mean, new Shape(b, p), device);
            var s = Tensor.FromArray(logScale, new Shape(b, p), device);
            m.RequiresGrad = s.RequiresGrad = true;
            using (TensorScope.Begin())
                new DiscretizedLogistic(m, s).LogProb(Tensor.FromArray(x, new Shape(b, p), device)).Sum().Backward();
            return [m.Grad!.ToArray(), s.Grad!.ToArray()];
        }
        var (native, torch) = (Gradients(Device.Native), Gradients(Device.TorchCpu));
        DeviceAssert.CloseToLargest(torch[0], native[0], GradientTolerance, "d/d mean");
        DeviceAssert.CloseToLargest(torch[1], native[1], GradientTolerance, "d/d log-scale");
    }

    [Test]
    public void NormalDensity_LogDensity_OnTorchCpu_MatchesNative()
    {
        var (x, mean, logStd) = (Uniform(20, 12, -2f, 2f), Uniform(21, 12), Uniform(22, 4, -1f, 0.5f));
        AssertParity("NormalDensity.LogDensity", device =>
            NormalDensity.LogDensity(Tensor.FromArray(x, new Shape(3, 4), device), Tensor.FromArray(mean, new Shape(3, 4), device), Tensor.FromArray(logStd, new Shape(4), device)));
    }

    private static MixtureOfGaussians Mixture(Device device, int m, int d) => new(
        Tensor.FromArray(Uniform(23, m), new Shape(m), device),
        Tensor.FromArray(Uniform(24, m * d, -2f, 2f), new Shape(m, d), device),
        Tensor.FromArray(Uniform(25, m * d, -1f, 0.3f), new Shape(m, d), device));

    /// <summary>600 rows under NoGrad take the blocked path (blocks of 256 gathered on the host, then moved to z's device).</summary>
    [TestCase(7, false, TestName = "MixtureOfGaussians_LogProb_WithGradients_OnTorchCpu_MatchesNative")]
    [TestCase(600, true, TestName = "MixtureOfGaussians_LogProb_UnderNoGradInBlocks_OnTorchCpu_MatchesNative")]
    public void MixtureOfGaussians_LogProb_OnTorchCpu_MatchesNative(int rows, bool noGrad)
    {
        var (m, d) = (5, 3);
        var z = Uniform(26, rows * d, -3f, 3f);
        AssertParity("MixtureOfGaussians.LogProb", device =>
        {
            using var grad = noGrad ? NoGrad.Begin() : default;
            return Mixture(device, m, d).LogProb(Tensor.FromArray(z, new Shape(rows, d), device));
        });
    }

    [Test]
    public void MixtureOfGaussians_LogProbGradient_OnTorchCpu_MatchesNative()
    {
        var (m, d) = (5, 3);
        var z = Uniform(27, 7 * d, -3f, 3f);
        float[][] Gradients(Device device)
        {
            var mixture = Mixture(device, m, d);
            Tensor[] parameters = [mixture.Logits, mixture.Means, mixture.LogStds];
            foreach (var t in parameters) t.RequiresGrad = true;
            using (TensorScope.Begin()) mixture.LogProb(Tensor.FromArray(z, new Shape(7, d), device)).Sum().Backward();
            return parameters.Select(t => t.Grad!.ToArray()).ToArray();
        }
        var (native, torch) = (Gradients(Device.Native), Gradients(Device.TorchCpu));
        for (var i = 0; i < native.Length; i++) DeviceAssert.CloseToLargest(torch[i], native[i], GradientTolerance, $"gradient {i}");
    }

    [Test]
    public void MixtureOfGaussians_Sample_OnTorchCpu_DrawsTheSameValues() =>
        AssertParity("MixtureOfGaussians.Sample", device => Mixture(device, 5, 3).Sample(40, new Rng(28)), DrawTolerance);
}
