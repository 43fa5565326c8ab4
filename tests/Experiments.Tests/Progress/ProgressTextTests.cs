using Research.Experiments.Progress;
using Research.Framework.Training;

namespace Research.Experiments.Tests.Progress;

public class ProgressTextTests
{
    private static readonly StepResult Step = new(95.5f, -95.5, -95.5, -80.25, 15.25);

    /// <summary>10 epochs of 100 steps; 2 s of training for the first 200 steps.</summary>
    private static PointProgressState Training() =>
        PointProgressState.Start("p", 1, 10, 100).Advance(TimeSpan.Zero).Stepped(2, 100, Step).Advance(TimeSpan.FromSeconds(2));

    [Test]
    public void Eta_WhileTraining_ScalesTheTrainingTimeToTheStepsLeft()
    {
        var s = Training();
        Assert.That(s.Bar, Is.EqualTo((200.0, 1000.0)));
        Assert.That(s.Eta, Is.EqualTo(TimeSpan.FromSeconds(8)));
    }

    [Test]
    public void Eta_OfAResumedPoint_CountsOnlyTheStepsTakenHere()
    {
        var s = PointProgressState.Start("p", 6, 10, 100).Stepped(6, 100, Step).Advance(TimeSpan.FromSeconds(1));
        Assert.That(s.Eta, Is.EqualTo(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void Evaluating_IsItsOwnPhase_WithItsOwnBarAndEta_AndDoesNotChargeTrainingTime()
    {
        var s = Training().Evaluating(2, 0, 60).Advance(TimeSpan.FromSeconds(3)).Evaluating(2, 20, 60);
        Assert.That(s.Bar, Is.EqualTo((20.0, 60.0)), "not the training bar at 100%");
        Assert.That(s.Eta, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(s.TrainingTime, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(ProgressText.Point(s), Does.Contain("evaluating after epoch 2: 20/60").And.Contain("ETA 0:06"));

        var next = s.EpochEnded(2, 95, -95, 15).Stepped(3, 10, Step).Advance(TimeSpan.FromSeconds(1)).Evaluating(3, 10, 60);
        Assert.That(next.EvaluationTime, Is.EqualTo(TimeSpan.Zero), "a new evaluation starts its own clock");
        Assert.That(next.TrainingTime, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Point_WhileTraining_ShowsLossBoundAndKl()
    {
        Assert.That(ProgressText.Point(Training()), Does.Contain("epoch 2/10 loss 95.50 bound -95.50 kl 15.25").And.Contain("ETA 0:08"));
        Assert.That(ProgressText.Point(PointProgressState.Start("p", 1, 10, 100)), Does.Contain("ETA --:--"));
    }

    [Test]
    public void SweepFraction_CountsTheStepsOfRunningPoints()
    {
        var ended = PointProgressState.Start("a", 1, 10, 100).Ended("FINISHED");
        var running = Training(); // 20% of its steps
        Assert.That(ProgressText.SweepFraction([ended, running], 4), Is.EqualTo(1.2 / 4).Within(1e-12));
        Assert.That(ProgressText.Sweep(0.25, 4, TimeSpan.FromMinutes(1)), Does.Contain("sweep 1.0/4 points").And.Contain("ETA 3:00"));
    }

    [Test]
    public void FinalFrame_HasEachPointOnceAndOneSweepLine()
    {
        var points = new[] { Training().Ended("FINISHED"), Training().Ended("KILLED") };
        var lines = ProgressText.FinalFrame(points, 2, TimeSpan.FromSeconds(75)).TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.Contain("FINISHED"));
        Assert.That(lines[1], Does.Contain("KILLED"));
        Assert.That(lines[2], Does.Contain("1/2 points finished in 1:15"));
    }
}
