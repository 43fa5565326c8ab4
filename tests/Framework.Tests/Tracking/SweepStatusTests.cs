using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class SweepStatusTests
{
    [Test]
    public void Of_EveryPointFinished_IsFinished()
    {
        var status = SweepStatus.Of([RunStatus.Finished, RunStatus.Finished], 2);
        Assert.That(status, Is.EqualTo(new SweepStatus(RunStatus.Finished, "2 points: 2 finished", null)));
    }

    [Test]
    public void Of_OnePointFailed_IsFailedWithTheCountAsReason()
    {
        var status = SweepStatus.Of([RunStatus.Finished, RunStatus.Failed, RunStatus.Finished], 3);
        Assert.That(status.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(status.Summary, Is.EqualTo("3 points: 2 finished, 1 failed"));
        Assert.That(status.FailureReason, Does.StartWith("1 of 3 points did not finish"));
    }

    [Test]
    public void Of_PointsMissing_IsFailed()
    {
        var status = SweepStatus.Of([RunStatus.Finished], 3);
        Assert.That(status.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(status.Summary, Is.EqualTo("3 points: 1 finished, 2 not run"));
    }

    [Test]
    public void Of_InterruptedOrAPointKilled_IsKilled()
    {
        Assert.That(SweepStatus.Of([RunStatus.Finished], 2, interrupted: true).Status, Is.EqualTo(RunStatus.Killed));
        Assert.That(SweepStatus.Of([RunStatus.Failed, RunStatus.Killed], 2).Status, Is.EqualTo(RunStatus.Killed));
    }
}
