namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Linear KL warm-up ("deterministic warm-up", Sønderby et al. 2016, section 2.3; Bowman et al.
/// 2016): weight = min(1, step / warmup) from 0 to 1 over <paramref name="Warmup"/> steps. Setting "warmup".
/// </summary>
public sealed record LinearWarmupKl(long Warmup) : IKlSchedule
{
    public double Weight(long step) => Warmup <= 0 ? 1.0 : Math.Min(1.0, (double)step / Warmup);
}
