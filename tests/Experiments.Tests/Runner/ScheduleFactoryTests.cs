using Research.Experiments.Runner;
using Research.Framework.Specs;

namespace Research.Experiments.Tests.Runner;

/// <summary>Spec schedules are written in epochs; the factory turns them into schedules of the optimizer step.</summary>
public class ScheduleFactoryTests
{
    private static ComponentSpec Component(string name, params (string Key, object Value)[] options) =>
        new(name, new ValueMap(options.Select(o => KeyValuePair.Create(o.Key, (object?)o.Value))));

    [Test]
    public void Kl_LinearWarmupEpochs_ReachesOneAfterThatManyEpochsOfSteps()
    {
        var schedule = ScheduleFactory.Kl(Component("linear", ("warmup_steps", 0), ("warmup_epochs", 2)), stepsPerEpoch: 10, epochs: 5);
        Assert.That(schedule.Weight(0), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(5), Is.EqualTo(0.25).Within(1e-12));
        Assert.That(schedule.Weight(10), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(schedule.Weight(20), Is.EqualTo(1.0));
    }

    [Test]
    public void Kl_LinearWarmupSteps_TakesPrecedenceOverEpochs()
    {
        var schedule = ScheduleFactory.Kl(Component("linear", ("warmup_steps", 4), ("warmup_epochs", 2)), stepsPerEpoch: 10, epochs: 5);
        Assert.That(schedule.Weight(2), Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void Kl_Cyclical_SpansTheWholeTraining()
    {
        // 2 cycles over 5 epochs of 10 steps: each cycle is 25 steps, rising over the first 12.5.
        var schedule = ScheduleFactory.Kl(Component("cyclical", ("cycles", 2), ("ratio", 0.5)), stepsPerEpoch: 10, epochs: 5);
        Assert.That(schedule.Weight(0), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(25), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(20), Is.EqualTo(1.0));
    }

    [Test]
    public void LearningRate_StepEveryEpochs_DecaysAtEpochBoundaries()
    {
        var schedule = ScheduleFactory.LearningRate(Component("step", ("every", 2), ("gamma", 0.5)), lr: 1e-3, stepsPerEpoch: 10, epochs: 6);
        Assert.That(schedule.LearningRate(19), Is.EqualTo(1e-3).Within(1e-15));
        Assert.That(schedule.LearningRate(20), Is.EqualTo(5e-4).Within(1e-15));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(2.5e-4).Within(1e-15));
    }

    [Test]
    public void LearningRate_Iwae3i_StagesLastThreeToTheIEpochs()
    {
        // Stage 0: epoch 0; stage 1: epochs 1-3; stage 2: epochs 4-12 (Burda et al. 2016, section 5).
        var schedule = ScheduleFactory.LearningRate(Component("iwae_3i", ("stages", 8)), lr: 1e-3, stepsPerEpoch: 10, epochs: 13);
        Assert.That(schedule.LearningRate(9), Is.EqualTo(1e-3).Within(1e-15));
        Assert.That(schedule.LearningRate(10), Is.EqualTo(1e-3 * Math.Pow(10, -1.0 / 7)).Within(1e-15));
        Assert.That(schedule.LearningRate(39), Is.EqualTo(1e-3 * Math.Pow(10, -1.0 / 7)).Within(1e-15));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(1e-3 * Math.Pow(10, -2.0 / 7)).Within(1e-15));
    }

    [Test]
    public void LearningRate_Cosine_EndsAtMinLrAfterAllEpochs()
    {
        var schedule = ScheduleFactory.LearningRate(Component("cosine", ("min_lr", 1e-5)), lr: 1e-3, stepsPerEpoch: 10, epochs: 4);
        Assert.That(schedule.LearningRate(0), Is.EqualTo(1e-3).Within(1e-12));
        Assert.That(schedule.LearningRate(20), Is.EqualTo((1e-3 + 1e-5) / 2).Within(1e-12));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(1e-5).Within(1e-12));
    }
}
