using Research.Framework.Plotting.Figures;

namespace Research.Framework.Tests.Plotting.Figures;

public class ComparisonFiguresTests
{
    [Test]
    public void MetricByRun_Unit_OnTheAxis()
    {
        var figure = ComparisonFigures.MetricByRun("test_loglik", ["run-a", "run-b", "run-c"], [-95, -94.2, double.NaN], "nats per example");
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Does.Contain("test_loglik (nats per example)").And.Contain("run-a").And.Contain("run-c"));
    }

    [Test]
    public void MetricByRun_NonNegative_BarsFromZero() =>
        FigureCheck.AssertRendered(ComparisonFigures.MetricByRun("active_units", ["a", "b"], [12, 30], "units"));

    [Test]
    public void MetricByRun_Mismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => ComparisonFigures.MetricByRun("m", ["a"], [1, 2]));

    [Test]
    public void MetricVsParameter_WideRange_LogAxisWithATickPerValue()
    {
        var figure = ComparisonFigures.MetricVsParameter("test_kl", "objective.beta", [0.1, 1, 10, 10], [30, 20, 5, 7], "nats per example");
        FigureCheck.AssertRendered(figure);
        Assert.That(FigureCheck.Texts(figure), Is.SupersetOf(new[] { "objective.beta (log axis)", "test_kl (nats per example)", "0.1", "1", "10" }));
    }
}
