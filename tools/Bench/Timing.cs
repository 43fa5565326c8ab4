using System.Diagnostics;

namespace Research.Bench;

/// <summary>How a case is timed; the peer (tools/peer/engine_bench.py) uses the same method.</summary>
/// <param name="WarmupSeconds">Run the case at least this long (and at least 3 calls) before timing.</param>
/// <param name="WindowSeconds">Target length of one timed window; its call count is sized from the warm-up.</param>
/// <param name="Windows">Number of timed windows; the median per-call time is reported.</param>
public sealed record Timing(double WarmupSeconds, double WindowSeconds, int Windows)
{
    // A warm-up of 1.5 s lets .NET's tiered JIT promote the hot loops to optimized code (OSR) before timing.
    public static Timing Default { get; } = new(1.5, 0.2, 7);

    /// <summary>Short windows for smoke tests: numbers are not meaningful.</summary>
    public static Timing Quick { get; } = new(0.05, 0.02, 3);

    /// <summary>Warms <paramref name="call"/> up, then times <see cref="Windows"/> windows of equal call counts.</summary>
    public Measurement Measure(Action call)
    {
        var calls = 0;
        var start = Stopwatch.GetTimestamp();
        double elapsed;
        while (true)
        {
            call();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (elapsed >= WarmupSeconds && calls >= 3) break;
        }
        var iterations = Math.Max(1, (int)Math.Ceiling(WindowSeconds / (elapsed / calls)));
        var perCall = new double[Windows];
        for (var w = 0; w < Windows; w++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) call();
            perCall[w] = Stopwatch.GetElapsedTime(t0).TotalSeconds / iterations;
        }
        Array.Sort(perCall);
        var median = Windows % 2 == 1 ? perCall[Windows / 2] : 0.5 * (perCall[Windows / 2 - 1] + perCall[Windows / 2]);
        return new Measurement(median, perCall[0], iterations, Windows);
    }
}
