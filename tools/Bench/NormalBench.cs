using Research.Framework.Randomness;

namespace Research.Bench;

/// <summary>
/// Normal draws for the posterior noise of an IWAE K=50, batch 100 step (250,000 values, 50 latent dimensions):
/// <c>Rng.Normal</c> (the counter-based fill, over the thread team) against a loop of <c>Rng.NextNormal</c> (the
/// polar method, one value at a time: how <c>Rng.Normal</c> drew them before).
/// </summary>
public static class NormalBench
{
    public static void Run(Timing timing, int values = 250_000)
    {
        var destination = new float[values];
        var rng = new Rng(1);
        Report.Case($"normal_fill_{values}", timing.Measure(() => rng.Normal(destination)), values, "values/s");
        Report.Case($"normal_polar_loop_{values}", timing.Measure(() =>
        {
            for (var i = 0; i < destination.Length; i++) destination[i] = rng.NextNormal();
        }), values, "values/s");
    }
}
