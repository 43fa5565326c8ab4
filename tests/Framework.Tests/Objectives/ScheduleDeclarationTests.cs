using Research.Framework.Objectives.Schedules;
using Research.Framework.Specs;

namespace Research.Framework.Tests.Objectives;

/// <summary>Spec schedules are written in epochs; their declarations turn them into schedules of the optimizer step.</summary>
public class ScheduleDeclarationTests
{
    private static ComponentSpec Component(string name, params (string Key, object Value)[] options) =>
        new(name, new ValueMap(options.Select(o => KeyValuePair.Create(o.Key, (object?)o.Value))));

    [Test]
    public void Kl_LinearWarmupEpochs_ReachesOneAfterThatManyEpochsOfSteps()
    {
        var schedule = KlSchedules.Create(Component("linear", ("warmup_steps", 0), ("warmup_epochs", 2)), new TrainingShape(StepsPerEpoch: 10, Epochs: 5));
        Assert.That(schedule.Weight(0), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(5), Is.EqualTo(0.25).Within(1e-12));
        Assert.That(schedule.Weight(10), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(schedule.Weight(20), Is.EqualTo(1.0));
    }

    [Test]
    public void Kl_LinearWarmupSteps_TakesPrecedenceOverEpochs()
    {
        var schedule = KlSchedules.Create(Component("linear", ("warmup_steps", 4), ("warmup_epochs", 2)), new TrainingShape(StepsPerEpoch: 10, Epochs: 5));
        Assert.That(schedule.Weight(2), Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void Kl_Cyclical_SpansTheWholeTraining()
    {
        // 2 cycles over 5 epochs of 10 steps: each cycle is 25 steps, rising over the first 12.5.
        var schedule = KlSchedules.Create(Component("cyclical", ("cycles", 2), ("ratio", 0.5)), new TrainingShape(StepsPerEpoch: 10, Epochs: 5));
        Assert.That(schedule.Weight(0), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(25), Is.EqualTo(0.0));
        Assert.That(schedule.Weight(20), Is.EqualTo(1.0));
    }

    [Test]
    public void LearningRate_StepEveryEpochs_DecaysAtEpochBoundaries()
    {
        var schedule = LrSchedules.Create(Component("step", ("every", 2), ("gamma", 0.5)), new TrainingShape(StepsPerEpoch: 10, Epochs: 6), lr: 1e-3);
        Assert.That(schedule.LearningRate(19), Is.EqualTo(1e-3).Within(1e-15));
        Assert.That(schedule.LearningRate(20), Is.EqualTo(5e-4).Within(1e-15));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(2.5e-4).Within(1e-15));
    }

    [Test]
    public void LearningRate_Iwae3i_StagesLastThreeToTheIEpochs()
    {
        // Stage 0: epoch 0; stage 1: epochs 1-3; stage 2: epochs 4-12 (Burda et al. 2016, section 5).
        var schedule = LrSchedules.Create(Component("iwae_3i", ("stages", 8)), new TrainingShape(StepsPerEpoch: 10, Epochs: 13), lr: 1e-3);
        Assert.That(schedule.LearningRate(9), Is.EqualTo(1e-3).Within(1e-15));
        Assert.That(schedule.LearningRate(10), Is.EqualTo(1e-3 * Math.Pow(10, -1.0 / 7)).Within(1e-15));
        Assert.That(schedule.LearningRate(39), Is.EqualTo(1e-3 * Math.Pow(10, -1.0 / 7)).Within(1e-15));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(1e-3 * Math.Pow(10, -2.0 / 7)).Within(1e-15));
    }

    [Test]
    public void LearningRate_Cosine_EndsAtMinLrAfterAllEpochs()
    {
        var schedule = LrSchedules.Create(Component("cosine", ("min_lr", 1e-5)), new TrainingShape(StepsPerEpoch: 10, Epochs: 4), lr: 1e-3);
        Assert.That(schedule.LearningRate(0), Is.EqualTo(1e-3).Within(1e-12));
        Assert.That(schedule.LearningRate(20), Is.EqualTo((1e-3 + 1e-5) / 2).Within(1e-12));
        Assert.That(schedule.LearningRate(40), Is.EqualTo(1e-5).Within(1e-12));
    }

    [Test]
    public void Constant_BothKinds_AreOneAndTheOptimizersRate()
    {
        var shape = new TrainingShape(StepsPerEpoch: 10, Epochs: 4);
        Assert.That(KlSchedules.Create(new ComponentSpec("constant"), shape).Weight(12345), Is.EqualTo(1.0));
        Assert.That(LrSchedules.Create(new ComponentSpec("constant"), shape, lr: 3e-4).LearningRate(999), Is.EqualTo(3e-4));
    }
}
