using Research.Framework.Tensors;

namespace Research.Framework.Tests.Probability;

/// <summary>Comparisons of a tensor computed on a LibTorch device with its native counterpart.</summary>
public static class DeviceAssert
{
    /// <summary>
    /// Elementwise |actual - expected| &lt;= rtol * max(|expected|, 1e-2 * largest) + atol, largest
    /// being the largest |expected|: relative where values are large, absolute near zero.
    /// </summary>
    public static void Close(float[] actual, float[] expected, double rtol, string what, double atol = 1e-7)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        var largest = expected.Length == 0 ? 0 : expected.Max(v => Math.Abs((double)v));
        for (var i = 0; i < expected.Length; i++)
            Assert.That((double)actual[i], Is.EqualTo(expected[i]).Within(rtol * Math.Max(Math.Abs(expected[i]), 1e-2 * largest) + atol), $"{what} [{i}]");
    }

    /// <summary>Every element within <paramref name="rtol"/> times the largest |expected| (gradients: small entries are differences of large terms).</summary>
    public static void CloseToLargest(float[] actual, float[] expected, double rtol, string what, double atol = 1e-7)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        var largest = expected.Length == 0 ? 0 : expected.Max(v => Math.Abs((double)v));
        for (var i = 0; i < expected.Length; i++)
            Assert.That((double)actual[i], Is.EqualTo(expected[i]).Within(rtol * largest + atol), $"{what} [{i}]");
    }

    /// <summary>A tensor's values, asserting that it lives on <paramref name="device"/>.</summary>
    public static float[] ValuesOn(this Tensor t, Device device, string what)
    {
        Assert.That(t.Device, Is.EqualTo(device), $"{what} stays on {device}");
        return t.ToArray();
    }
}
