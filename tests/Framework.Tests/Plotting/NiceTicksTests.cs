using System.Globalization;
using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class NiceTicksTests
{
    [TestCase(1.4, true, 1.0)]
    [TestCase(1.6, true, 2.0)]
    [TestCase(2.9, true, 2.0)]
    [TestCase(6.9, true, 5.0)]
    [TestCase(7.0, true, 10.0)]
    [TestCase(3.0, false, 5.0)]
    [TestCase(0.012, false, 0.02)]
    [TestCase(450.0, true, 500.0)]
    public void NiceNumber_RoundsToOneTwoFiveTimesPowerOfTen(double x, bool round, double expected) =>
        Assert.That(NiceTicks.NiceNumber(x, round), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Linear_RandomRanges_CoverDataWithNiceStepsAndExactLabels()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 500; trial++)
        {
            var scale = Math.Pow(10, rng.Next(-5, 7));
            var a = (rng.NextDouble() - 0.5) * 20 * scale;
            var b = a + rng.NextDouble() * 10 * scale + 1e-3 * scale;
            var t = NiceTicks.Linear(a, b);
            Assert.That(t.Min, Is.LessThanOrEqualTo(a));
            Assert.That(t.Max, Is.GreaterThanOrEqualTo(b));
            Assert.That(t.Values, Has.Count.InRange(3, 12));
            Assert.That(t.Values[0], Is.EqualTo(t.Min));
            Assert.That(t.Values[^1], Is.EqualTo(t.Max));
            var step = t.Values[1] - t.Values[0];
            var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
            Assert.That(new[] { 1.0, 2.0, 5.0 }.Any(m => Math.Abs(m - mantissa) < 1e-6), $"step {step} in [{a}, {b}]");
            for (var i = 0; i < t.Values.Count; i++)
            {
                Assert.That(double.Parse(t.Labels[i], CultureInfo.InvariantCulture), Is.EqualTo(t.Values[i]).Within(Math.Abs(step) * 1e-6));
                Assert.That(t.Labels[i], Has.Length.LessThanOrEqualTo(12), "no floating-point noise in labels");
            }
        }
    }

    [Test]
    public void Linear_Tenths_LabelsHaveNoFloatingPointNoise()
    {
        var t = NiceTicks.Linear(0, 1);
        Assert.That(t.Labels, Is.EqualTo(new[] { "0", "0.2", "0.4", "0.6", "0.8", "1.0" }));
    }

    [TestCase(5.0)]
    [TestCase(0.0)]
    [TestCase(-1e-8)]
    [TestCase(1e9)]
    public void Linear_ConstantValue_WidensAroundIt(double v)
    {
        var t = NiceTicks.Linear(v, v);
        Assert.That(t.Min, Is.LessThan(v));
        Assert.That(t.Max, Is.GreaterThan(v));
        Assert.That(t.Values.All(double.IsFinite));
        Assert.That(t.Values, Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void For_NonFiniteValues_AreIgnored()
    {
        var t = NiceTicks.For([double.NaN, 2, double.PositiveInfinity, 7, double.NegativeInfinity], AxisScale.Linear);
        Assert.That(t.Min, Is.LessThanOrEqualTo(2).And.GreaterThanOrEqualTo(0));
        Assert.That(t.Max, Is.GreaterThanOrEqualTo(7).And.LessThanOrEqualTo(10));
    }

    [Test]
    public void For_NoFiniteValues_GivesUnitRange()
    {
        Assert.That(NiceTicks.For([], AxisScale.Linear), Has.Property("Min").EqualTo(0).And.Property("Max").EqualTo(1));
        Assert.That(NiceTicks.For([double.NaN, -3], AxisScale.Log), Has.Property("Min").EqualTo(1).And.Property("Max").EqualTo(10));
    }

    [Test]
    public void Log_CoversRangeWithDecades()
    {
        var t = NiceTicks.Log(1, 5000);
        Assert.That(t.Values, Is.EqualTo(new[] { 1.0, 10, 100, 1000, 10000 }));
        Assert.That(t.Labels, Is.EqualTo(new[] { "1", "10", "100", "1000", "10000" }));
        Assert.That(t.Minor, Does.Contain(2.0).And.Contain(5000.0));
        Assert.That(t.Minor.All(m => m > t.Min && m < t.Max));
    }

    [Test]
    public void Log_SmallValues_LabelledAsDecimalsOrExponents()
    {
        var t = NiceTicks.Log(0.003, 0.5);
        Assert.That(t.Labels, Is.EqualTo(new[] { "0.001", "0.01", "0.1", "1" }));
        Assert.That(NiceTicks.Log(1e-7, 1e-5).Labels, Is.EqualTo(new[] { "1e-7", "1e-6", "1e-5" }));
    }

    [Test]
    public void Log_ManyDecades_ThinnedToAboutTargetCount()
    {
        var t = NiceTicks.Log(1e-10, 1e10, targetCount: 6);
        Assert.That(t.Values, Has.Count.LessThanOrEqualTo(8));
        Assert.That(t.Min, Is.LessThanOrEqualTo(1e-10));
        Assert.That(t.Max, Is.GreaterThanOrEqualTo(1e10));
        Assert.That(t.Minor, Is.Empty);
    }

    [Test]
    public void Log_SingleValue_GetsOneDecade()
    {
        var t = NiceTicks.For([10, 10], AxisScale.Log);
        Assert.That(t.Values, Is.EqualTo(new[] { 10.0, 100 }));
    }

    [Test]
    public void For_LogScale_IgnoresNonPositiveValues()
    {
        var t = NiceTicks.For([0, -5, 3, 40], AxisScale.Log);
        Assert.That(t.Values, Is.EqualTo(new[] { 1.0, 10, 100 }));
    }

    [TestCase(0.0, "0")]
    [TestCase(-86.7612, "-86.76")]
    [TestCase(0.01, "0.01")]
    [TestCase(1234567.0, "1.235e6")]
    [TestCase(double.NaN, "NaN")]
    public void Format_ShortInvariantText(double v, string expected) => Assert.That(NiceTicks.Format(v), Is.EqualTo(expected));
}
