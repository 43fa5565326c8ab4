using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class DisentanglementSpecTests
{
    [Test]
    public void Parse_DisentanglementKeys_BindWithDefaultsForTheRest()
    {
        var spec = SpecLoader.Parse("eval: { disentanglement: { when: every_eval, train_points: 300, bins: 10 } }\n", "d.yaml");
        Assert.That(spec.Eval.Disentanglement, Is.EqualTo(DisentanglementSpec.Default with { When = "every_eval", TrainPoints = 300, Bins = 10 }));
    }

    [TestCase("when: sometimes", "eval.disentanglement.when", "valid values: auto, end, every_eval, off")]
    [TestCase("batch_size: 1", "eval.disentanglement.batch_size", ">= 2")]
    [TestCase("bins: 1", "eval.disentanglement.bins", ">= 2")]
    [TestCase("sample: 10", "eval.disentanglement.sample", "samples")]
    public void Parse_BadValue_IsALocatedError(string entry, string key, string message)
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse($"eval:\n  disentanglement:\n    {entry}\n", "d.yaml"))!;
        var error = e.Errors.Single();
        Assert.That(error.ToString(), Does.StartWith("d.yaml:3:"));
        Assert.That(error.KeyPath, Is.EqualTo(key));
        Assert.That(error.ToString(), Does.Contain(message));
    }

    [TestCase("auto", false, true, false)]
    [TestCase("auto", true, true, true)]
    [TestCase("auto", true, false, false)]
    [TestCase("end", false, true, false)]
    [TestCase("end", true, true, true)]
    [TestCase("every_eval", false, true, true)]
    [TestCase("every_eval", true, false, false)]
    [TestCase("off", true, true, false)]
    public void RunsAt_FollowsWhen(string when, bool last, bool hasFactors, bool runs) =>
        Assert.That((DisentanglementSpec.Default with { When = when }).RunsAt(last, hasFactors), Is.EqualTo(runs));

    [Test]
    public void Required_OnlyWhenAskedForExplicitly() =>
        Assert.That(new[] { "auto", "end", "every_eval", "off" }.Select(w => (DisentanglementSpec.Default with { When = w }).Required),
            Is.EqualTo(new[] { false, true, true, false }));
}
