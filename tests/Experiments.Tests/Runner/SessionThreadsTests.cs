using Research.Experiments.Runner;
using Research.Framework.Data;
using Research.Framework.Kernels;
using Research.Framework.Specs;

namespace Research.Experiments.Tests.Runner;

public class SessionThreadsTests
{
    [Test]
    public void ThreadsFor_UsesTrainThreads_ElseAShareOfTheCores()
    {
        using var folder = new TempFolder();
        var train = SpecLoader.Load(folder.File("t.yaml", TinySpecs.Yaml("t")), []).Train;
        Assert.That(TrainingSession.ThreadsFor(train with { Threads = 3 }, sharingPoints: 2), Is.EqualTo(3));
        Assert.That(TrainingSession.ThreadsFor(train with { Threads = 0 }, sharingPoints: 1), Is.EqualTo(Environment.ProcessorCount));
        Assert.That(TrainingSession.ThreadsFor(train with { Threads = 0 }, sharingPoints: 2), Is.EqualTo(Math.Max(1, Environment.ProcessorCount / 2)));
        Assert.That(TrainingSession.ThreadsFor(train with { Threads = 0 }, sharingPoints: 1000), Is.EqualTo(1));
    }

    [Test]
    public void TwoSessions_WithDifferentTrainThreads_EachKeepTheirsAndLeaveTheProcessDefault()
    {
        using var folder = new TempFolder();
        var one = SpecLoader.Load(folder.File("one.yaml", TinySpecs.Yaml("one")), ["train.threads=1"]);
        var two = SpecLoader.Load(folder.File("two.yaml", TinySpecs.Yaml("two")), ["train.threads=2"]);
        var train = SyntheticBars.Generate(100, seed: 1);
        var test = SyntheticBars.Generate(20, seed: 2);
        var before = ThreadTeam.ThreadCount;
        var a = new TrainingSession(one, train, DataSource.EvaluationData(one, test));
        var b = new TrainingSession(two, train, DataSource.EvaluationData(two, test));
        Assert.That((a.Threads, b.Threads), Is.EqualTo((1, 2)));
        using (a.UseThreads()) Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(1));
        using (b.UseThreads()) Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(2));
        Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(before));
    }
}
