using Research.Framework.Kernels;

namespace Research.Framework.Tests.Kernels;

[NonParallelizable] // the team and its thread count are process-wide
public class ThreadTeamTests
{
    [TearDown]
    public void Restore() => ThreadTeam.ThreadCount = Environment.ProcessorCount;

    private sealed class CountingWork : IParallelWork
    {
        public readonly int[] Hits = new int[8];
        public int Count;
        public Action<int>? OnExecute;

        public void Execute(int index, int count)
        {
            Count = count;
            Interlocked.Increment(ref Hits[index]);
            OnExecute?.Invoke(index);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    public void Run_AnyCount_ExecutesEveryIndexExactlyOnce(int count)
    {
        var work = new CountingWork();
        for (var repeat = 0; repeat < 50; repeat++) ThreadTeam.Run(work, count);
        Assert.That(work.Hits.Take(count), Is.All.EqualTo(50));
        Assert.That(work.Hits.Skip(count), Is.All.EqualTo(0));
        Assert.That(work.Count, Is.EqualTo(count));
    }

    [Test]
    public void Run_AfterWorkersFellAsleep_StillCompletes()
    {
        var work = new CountingWork();
        ThreadTeam.Run(work, 2);
        Thread.Sleep(50); // well past the spin window: the worker is waiting on its semaphore
        ThreadTeam.Run(work, 2);
        Assert.That(work.Hits[1], Is.EqualTo(2));
    }

    [Test]
    public void Run_NestedCall_RunsInlineWithoutDeadlock()
    {
        var inner = new CountingWork();
        var outer = new CountingWork { OnExecute = _ => ThreadTeam.Run(inner, 2) };
        ThreadTeam.Run(outer, 2);
        Assert.That(inner.Hits[0] + inner.Hits[1], Is.EqualTo(4));
    }

    [Test]
    public void Run_WorkerThrows_RethrowsOnCaller()
    {
        var work = new CountingWork { OnExecute = i => { if (i == 1) throw new InvalidOperationException("boom"); } };
        var ex = Assert.Throws<AggregateException>(() => ThreadTeam.Run(work, 2));
        Assert.That(ex!.InnerException, Is.TypeOf<InvalidOperationException>());
        ThreadTeam.Run(new CountingWork(), 2); // the team is still usable
    }

    [Test]
    public void ThreadCount_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadTeam.ThreadCount = 0);

    [Test]
    public void Use_SetsThisThreadOnly_AndRestoresWhenDisposed()
    {
        ThreadTeam.ThreadCount = 4;
        var seenElsewhere = 0;
        using (ThreadTeam.Use(1))
        {
            using (ThreadTeam.Use(3)) Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(3));
            Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(1));
            var other = new Thread(() => seenElsewhere = ThreadTeam.ThreadCount);
            other.Start();
            other.Join();
        }
        Assert.That(seenElsewhere, Is.EqualTo(4)); // another thread keeps the process default
        Assert.That(ThreadTeam.ThreadCount, Is.EqualTo(4));
    }

    [Test]
    public void Use_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadTeam.Use(0));
}
