using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class PythonFloatTests
{
    // Expected strings are Python 3's repr(float).
    [TestCase(1.0, "1.0")]
    [TestCase(0.5, "0.5")]
    [TestCase(0.25, "0.25")]
    [TestCase(0.001, "0.001")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1e-05")]
    [TestCase(0.000123, "0.000123")]
    [TestCase(1.5e-7, "1.5e-07")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1.2345678901234568e17, "1.2345678901234568e+17")]
    [TestCase(123456.789, "123456.789")]
    [TestCase(-89.125, "-89.125")]
    [TestCase(0.0, "0.0")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(0.30000000000000004, "0.30000000000000004")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(1.7976931348623157e308, "1.7976931348623157e+308")]
    [TestCase(double.NaN, "nan")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    public void Format_MatchesPythonRepr(double value, string expected) =>
        Assert.That(PythonFloat.Format(value), Is.EqualTo(expected));

    [TestCase(0.1)]
    [TestCase(1e-300)]
    [TestCase(-12345.6789e10)]
    [TestCase(double.NaN)]
    [TestCase(double.NegativeInfinity)]
    public void Parse_OfFormat_RoundTrips(double value) =>
        Assert.That(PythonFloat.Parse(PythonFloat.Format(value)), Is.EqualTo(value));

    [TestCase("NaN", double.NaN)]
    [TestCase("Infinity", double.PositiveInfinity)]
    [TestCase("-Infinity", double.NegativeInfinity)]
    [TestCase("1E+16", 1e16)]
    public void Parse_AcceptsOtherSpellings(string text, double expected) =>
        Assert.That(PythonFloat.Parse(text), Is.EqualTo(expected));
}
