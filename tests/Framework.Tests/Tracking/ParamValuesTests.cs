using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class ParamValuesTests
{
    [Test]
    public void Format_Numbers_ArePlainInvariantNumbers()
    {
        Assert.That(ParamValues.Format(0.001), Is.EqualTo("0.001"));
        Assert.That(ParamValues.Format(1.0), Is.EqualTo("1.0"));
        Assert.That(ParamValues.Format(1e-4), Is.EqualTo("0.0001"));
        Assert.That(ParamValues.Format(0.1f), Is.EqualTo("0.1"));
        Assert.That(ParamValues.Format(5000), Is.EqualTo("5000"));
        Assert.That(ParamValues.Format(-3L), Is.EqualTo("-3"));
        Assert.That(ParamValues.Format(2.5m), Is.EqualTo("2.5"));
        Assert.That(ParamValues.Format(true), Is.EqualTo("true"));
        Assert.That(ParamValues.Format(null), Is.EqualTo("null"));
        Assert.That(ParamValues.Format("tanh"), Is.EqualTo("tanh"));
    }

    [Test]
    public void Truncate_CutsAt6000Characters()
    {
        Assert.That(ParamValues.Truncate(new string('a', 6000)), Has.Length.EqualTo(6000));
        Assert.That(ParamValues.Truncate(new string('a', 6001)), Has.Length.EqualTo(6000));
        Assert.That(ParamValues.Truncate("short"), Is.EqualTo("short"));
    }
}
