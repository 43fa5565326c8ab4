using Research.Experiments.Runner;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

public class PointResumeTests
{
    private static CheckpointState State(bool trained = false, bool completed = false, string? failure = null) =>
        new(trained ? 3 : 1, 10, 10, "run", null, "epoch-0001", [], double.NegativeInfinity, 0, completed, failure, trained);

    [TestCase(false, false, null, RunStatus.Running, false, ResumeAction.Continue)]
    [TestCase(true, false, null, RunStatus.Running, false, ResumeAction.Finish)]
    [TestCase(true, false, null, RunStatus.Failed, false, ResumeAction.Finish)]
    [TestCase(true, true, null, RunStatus.Running, false, ResumeAction.Finish)]
    [TestCase(false, true, null, RunStatus.Running, false, ResumeAction.Finish)]
    [TestCase(true, true, null, RunStatus.Finished, false, ResumeAction.Skip)]
    [TestCase(true, false, null, RunStatus.Finished, false, ResumeAction.Skip)]
    [TestCase(false, true, "nan", RunStatus.Failed, false, ResumeAction.SkipFailed)]
    [TestCase(false, false, "nan", RunStatus.Running, false, ResumeAction.RecordFailure)]
    [TestCase(false, true, "nan", RunStatus.Failed, true, ResumeAction.Retry)]
    public void Decide_CheckpointAndStoreStatus_GiveTheAction(bool trained, bool completed, string? failure, RunStatus stored, bool retry, ResumeAction expected) =>
        Assert.That(PointResume.Decide(State(trained, completed, failure), stored, retry), Is.EqualTo(expected));

    [Test]
    public void Decide_NoCheckpoint_Starts() =>
        Assert.That(PointResume.Decide(null, RunStatus.Running, retryFailed: true), Is.EqualTo(ResumeAction.Start));

    [Test]
    public void NotRetried_SaysHowToRetry() =>
        Assert.That(PointResume.NotRetried(2, "abc", "nan"), Does.Contain("run abc").And.Contain("--retry-failed").And.Contain("nan"));
}
