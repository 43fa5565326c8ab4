using Research.Experiments.Runner;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

public class SweepCompletionTests
{
    private static SweepChild Child(int? point, RunStatus status, long start = 0, string? id = null) =>
        new(id ?? $"run{point}-{start}", point, status, start, status == RunStatus.Failed ? "loss is NaN" : null);

    [Test]
    public void Of_EveryPointFinished_CompleteAndFinished()
    {
        var progress = SweepCompletion.Of(3, [Child(0, RunStatus.Finished), Child(1, RunStatus.Finished), Child(2, RunStatus.Finished)]);
        Assert.That(progress.Complete, Is.True);
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Finished));
        Assert.That(progress.Describe(), Is.EqualTo("3 of 3 points ended (3 FINISHED)"));
    }

    [Test]
    public void Of_OnePointFailed_CompleteAndFailed()
    {
        var progress = SweepCompletion.Of(2, [Child(0, RunStatus.Finished), Child(1, RunStatus.Failed)]);
        Assert.That(progress.Complete, Is.True);
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Failed));
    }

    [Test]
    public void Of_OnePointRunning_NotComplete()
    {
        Assert.That(SweepCompletion.Of(2, [Child(0, RunStatus.Finished), Child(1, RunStatus.Running)]).Complete, Is.False);
    }

    [Test]
    public void Of_OnePointWithoutRun_NotCompleteAndNamesIt()
    {
        var progress = SweepCompletion.Of(3, [Child(0, RunStatus.Finished), Child(2, RunStatus.Finished)]);
        Assert.That(progress.Complete, Is.False);
        Assert.That(progress.Missing, Is.EqualTo(new[] { 1 }));
        Assert.That(progress.Describe(), Does.EndWith("no run yet for point(s) 1"));
    }

    [Test]
    public void Of_KilledPoint_WaitsForItsRequeue()
    {
        Assert.That(SweepCompletion.Of(2, [Child(0, RunStatus.Finished), Child(1, RunStatus.Killed)]).Complete, Is.False);
    }

    [Test]
    public void Of_KilledPointForced_CompleteAndFailed()
    {
        var progress = SweepCompletion.Of(2, [Child(0, RunStatus.Finished), Child(1, RunStatus.Killed)], force: true);
        Assert.That(progress.Complete, Is.True);
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Failed));
    }

    [Test]
    public void Of_PointRunTwice_NewestRunCounts()
    {
        var progress = SweepCompletion.Of(2, [Child(0, RunStatus.Finished), Child(1, RunStatus.Failed, start: 1), Child(1, RunStatus.Finished, start: 2)]);
        Assert.That(progress.Latest.Select(c => c.RunId), Is.EqualTo(new[] { "run0-0", "run1-2" }));
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Finished));
    }

    [Test]
    public void Of_SinglePointWithoutIndex_StandsForPointZero()
    {
        var progress = SweepCompletion.Of(1, [Child(null, RunStatus.Finished, id: "only")]);
        Assert.That(progress.Complete, Is.True);
        Assert.That(progress.ClosingStatus, Is.EqualTo(RunStatus.Finished));
    }

    [Test]
    public void Of_NoChildren_NotComplete()
    {
        Assert.That(SweepCompletion.Of(2, []).Complete, Is.False);
    }
}
