using Research.Experiments.Progress;
using Research.Experiments.Runner;
using Research.Framework.Evaluation;

namespace Research.Experiments.Tests.Progress;

public class LogProgressTests
{
    private static readonly EvaluationResult Test =
        new(-90.125, -95.5, -80.25, 15.25, null, new ActiveUnits([1.0, 0.001], 1, 0.01), 100);

    private static EpochLog Epoch(EvaluationResult? test) =>
        new(3, 300, 96.5, -96.5, -96.5, -81.0, 15.5, 1, 1e-3, 1, 12345, test);

    [Test]
    public void Describe_WithoutEvaluation_GivesTheTrainingAveragesOnly()
    {
        var line = LogProgress.Describe(Epoch(null));
        Assert.That(line, Is.EqualTo("loss 96.500, elbo -96.500, kl 15.500, 12345 samples/s"));
    }

    [Test]
    public void Describe_OfAnUnconditionalModel_NamesTheTestLikelihoodLogPx()
    {
        var line = LogProgress.Describe(Epoch(Test));
        Assert.That(line, Does.EndWith("; test log p(x) -90.125, elbo -95.500, kl 15.250, active units 1"));
    }

    [Test]
    public void Describe_OfAConditionalModel_NamesTheTestLikelihoodLogPxGivenY()
    {
        var line = LogProgress.Describe(Epoch(Test), conditional: true);
        Assert.That(line, Does.Contain("; test log p(x|y) -90.125,").And.Not.Contain("log p(x) "));
    }
}
