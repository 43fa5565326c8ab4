using System.Diagnostics;

namespace Research.Framework.Kernels;

/// <summary>One piece of parallel work: <see cref="Execute"/> runs once for every index in [0, count).</summary>
internal interface IParallelWork
{
    void Execute(int index, int count);
}

/// <summary>
/// A small persistent team of worker threads for the engine's parallel kernels (GEMM).
/// Dispatch allocates nothing: the caller passes a reusable <see cref="IParallelWork"/>, workers are
/// pre-started, spin briefly after each job (back-to-back products in a training step then hand off
/// in a microsecond or two) and sleep on a semaphore when idle. The calling thread runs index 0.
/// </summary>
public static class ThreadTeam
{
    // How long an idle worker spins before sleeping: long enough to span the serial gaps of a training
    // step (a wake-up through the semaphore costs tens of microseconds in a VM: with 200 us, a batch-20
    // VAE step on 2 threads ran at 30k images/s against 42k on one; with 2 ms, 38-45k), short enough
    // not to burn a core for long when the engine is idle.
    private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

    // Pause instructions the dispatcher spins through waiting for the workers before yielding (~0.1 ms).
    private const int TightSpins = 4000;

    private static readonly object DispatchLock = new();
    private static readonly List<Worker> Workers = [];
    private static int _threadCount = Environment.ProcessorCount;

    private static int _pending;
    private static bool _dispatching;
    private static Exception? _failure;

    // The count set for the current thread by Use (0: none, the process default applies).
    [ThreadStatic] private static int _threadCountHere;

    /// <summary>
    /// Threads a parallel kernel called on this thread may use, the caller included: the count of the
    /// innermost <see cref="Use"/> open on this thread, else the process default (set here; initially
    /// <see cref="Environment.ProcessorCount"/>). Results of the kernels are bitwise reproducible for a given value.
    /// </summary>
    public static int ThreadCount
    {
        get => _threadCountHere > 0 ? _threadCountHere : Volatile.Read(ref _threadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _threadCount, value);
        }
    }

    /// <summary>
    /// Makes the kernels called on this thread use <paramref name="threads"/> threads until the returned
    /// scope is disposed (on this thread): a training session's setting, so that sessions running side by
    /// side on their own threads each keep theirs instead of sharing the process default. Scopes nest.
    /// </summary>
    public static ThreadCountScope Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var previous = _threadCountHere;
        _threadCountHere = threads;
        return new ThreadCountScope(previous);
    }

    /// <summary>Ends a <see cref="Use"/>: restores the count this thread had before it.</summary>
    internal static void Restore(int previous) => _threadCountHere = previous;

    /// <summary>
    /// Runs <paramref name="work"/> for indices [0, <paramref name="count"/>) and returns when all are done.
    /// If the team is busy (another thread is dispatching, or a nested call), the indices run on the caller.
    /// </summary>
    internal static void Run(IParallelWork work, int count)
    {
        if (count <= 1 || !Monitor.TryEnter(DispatchLock))
        {
            RunInline(work, count);
            return;
        }
        if (_dispatching) // a nested call from the dispatcher's own share (the monitor is reentrant)
        {
            Monitor.Exit(DispatchLock);
            RunInline(work, count);
            return;
        }
        _dispatching = true;
        try
        {
            EnsureWorkers(count - 1);
            _failure = null;
            Volatile.Write(ref _pending, count - 1);
            for (var w = 0; w < count - 1; w++) Workers[w].Post(work, count);

            // Even if the caller's share throws, the workers must finish before the next job is posted.
            try { work.Execute(0, count); }
            finally { WaitForWorkers(); }
            if (_failure is { } failure) throw new AggregateException("A worker of the thread team failed.", failure);
        }
        finally
        {
            _dispatching = false;
            Monitor.Exit(DispatchLock);
        }
    }

    private static void RunInline(IParallelWork work, int count)
    {
        for (var i = 0; i < count; i++) work.Execute(i, count);
    }

    /// <summary>
    /// Spins tightly at first (the shares are balanced, so the others finish about when the caller does),
    /// then yields the core in case a worker was descheduled.
    /// </summary>
    private static void WaitForWorkers()
    {
        for (var i = 0; i < TightSpins; i++)
        {
            if (Volatile.Read(ref _pending) == 0) return;
            Thread.SpinWait(1);
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
    }

    private static void EnsureWorkers(int needed)
    {
        while (Workers.Count < needed) Workers.Add(new Worker(Workers.Count + 1));
    }

    /// <summary>A pre-started thread with a one-job mailbox.</summary>
    private sealed class Worker
    {
        private readonly int _index;
        private readonly SemaphoreSlim _wake = new(0);
        private IParallelWork? _work;
        private int _count;
        private int _sleeping;

        public Worker(int index)
        {
            _index = index;
            new Thread(Loop) { IsBackground = true, Name = $"thread-team-{index}" }.Start();
        }

        public void Post(IParallelWork work, int count)
        {
            _count = count;
            Volatile.Write(ref _work, work);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                var work = WaitForWork();
                try { work.Execute(_index, _count); }
                catch (Exception e) { _failure = e; }
                Volatile.Write(ref _work, null);
                Interlocked.Decrement(ref _pending);
            }
        }

        private IParallelWork WaitForWork()
        {
            var start = Stopwatch.GetTimestamp();
            var spins = 0;
            while (true)
            {
                if (Volatile.Read(ref _work) is { } work) return work;
                // A tight spin (pause) answers a post within a fraction of a microsecond; SpinWait's
                // yields would add a system call to every hand-off.
                Thread.SpinWait(1);
                if ((++spins & 63) != 0 || Stopwatch.GetTimestamp() - start < SpinTicks) continue;
                // Announce sleep (a full fence), then re-check: a dispatcher that posted meanwhile
                // either saw the flag and releases us, or we take the flag back ourselves.
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _work) is null || Interlocked.Exchange(ref _sleeping, 0) == 0) _wake.Wait();
                start = Stopwatch.GetTimestamp();
            }
        }
    }
}
