using Research.Framework.Objectives.Schedules;
using Research.Framework.Specs;

namespace Research.Framework.Tests.Objectives;

public class ScheduleTests
{
    [TestCase(0, 0.0)]
    [TestCase(25, 0.25)]
    [TestCase(100, 1.0)]
    [TestCase(1000, 1.0)]
    public void LinearWarmup_AtSteps_MatchesHandValues(long step, double expected) =>
        Assert.That(new LinearWarmupKl(Warmup: 100).Weight(step), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0, 0.5)]
    [TestCase(10, 0.98201379003790845)] // 1 / (1 + e^-4)
    [TestCase(-5, 0.11920292202211755)] // 1 / (1 + e^2)
    public void Sigmoid_AtSteps_MatchesHandValues(long offset, double expected) =>
        Assert.That(new SigmoidKl(Midpoint: 50, Steepness: 0.4).Weight(50 + offset), Is.EqualTo(expected).Within(1e-12));

    // T = 100, M = 4 cycles of 25 steps, R = 0.5: ramps over 12.5 steps, then 1.
    [TestCase(0, 0.0)]
    [TestCase(5, 0.4)]
    [TestCase(12, 0.96)]
    [TestCase(13, 1.0)]
    [TestCase(24, 1.0)]
    [TestCase(25, 0.0)]
    [TestCase(30, 0.4)]
    [TestCase(99, 1.0)]
    public void Cyclical_AtSteps_MatchesHandValues(long step, double expected) =>
        Assert.That(new CyclicalKl(TotalSteps: 100, Cycles: 4, Ratio: 0.5).Weight(step), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void ConstantKl_IsItsValue() =>
        Assert.That(new ConstantKl(Value: 0.3).Weight(12345), Is.EqualTo(0.3));

    [TestCase(0, 0.01)]
    [TestCase(9, 0.01)]
    [TestCase(10, 0.005)]
    [TestCase(25, 0.0025)]
    public void StepLr_AtSteps_MatchesHandValues(long step, double expected) =>
        Assert.That(new StepLr(Lr: 0.01, Every: 10, Gamma: 0.5).LearningRate(step), Is.EqualTo(expected).Within(1e-15));

    [TestCase(0, 1e-3)]
    [TestCase(50, 5.5e-4)] // 1e-4 + 0.5 * 9e-4 * (1 + cos(pi/2))
    [TestCase(100, 1e-4)]
    [TestCase(200, 1e-4)]
    public void CosineLr_AtSteps_MatchesHandValues(long step, double expected) =>
        Assert.That(new CosineLr(Lr: 1e-3, TotalSteps: 100, MinLr: 1e-4).LearningRate(step), Is.EqualTo(expected).Within(1e-15));

    [Test]
    public void ConstantLr_IsItsValue() =>
        Assert.That(new ConstantLr(Lr: 3e-4).LearningRate(999), Is.EqualTo(3e-4));

    // Stage i lasts 3^i passes: stage 0 = pass 0, stage 1 = passes 1-3, stage 2 = 4-12, stage 3 = 13-39, ..., stage 7 = 1093-3279.
    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(3, 1)]
    [TestCase(4, 2)]
    [TestCase(12, 2)]
    [TestCase(13, 3)]
    [TestCase(1092, 6)]
    [TestCase(1093, 7)]
    [TestCase(3279, 7)]
    [TestCase(5000, 7)]
    public void IwaeLr_StageAndRate_MatchHandValues(long pass, int stage)
    {
        var schedule = new IwaeLr(StepsPerPass: 10);
        Assert.That(schedule.Stage(pass * 10 + 9), Is.EqualTo(stage));
        Assert.That(schedule.LearningRate(pass * 10), Is.EqualTo(1e-3 * Math.Pow(10, -stage / 7.0)).Within(1e-15));
    }

    [Test]
    public void IwaeLr_TotalPasses_Is3280() => Assert.That(new IwaeLr().TotalPasses, Is.EqualTo(3280));

    [Test]
    public void UnknownOrIncomplete_AreErrorsNamingTheProblem()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => KlSchedules.Find("cosine"))!.Message, Does.Contain("cyclical"));
        // An unresolved spec (a missing option) is a programming error: specs are resolved, defaults filled in, before anything is built.
        Assert.That(Assert.Throws<InvalidOperationException>(() => KlSchedules.Create(new ComponentSpec("linear"), new TrainingShape(10, 1)))!.Message,
            Does.Contain("warmup").IgnoreCase);
    }
}
