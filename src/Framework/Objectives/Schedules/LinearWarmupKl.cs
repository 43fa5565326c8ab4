using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>
/// Linear KL warm-up ("deterministic warm-up", Sønderby et al. 2016, section 2.3; Bowman et al.
/// 2016): weight = min(1, step / warmup) from 0 to 1 over <paramref name="Warmup"/> steps.
/// </summary>
public sealed record LinearWarmupKl(long Warmup) : IKlSchedule
{
    public static KlScheduleDeclaration<LinearKlOptions> Declaration { get; } =
        new("linear", "Linear warm-up from 0 to 1 (Bowman et al. 2016); steps take precedence when both are > 0",
            (o, shape) => new LinearWarmupKl(o.WarmupSteps > 0 ? o.WarmupSteps : (long)o.WarmupEpochs * shape.StepsPerEpoch));

    public double Weight(long step) => Warmup <= 0 ? 1.0 : Math.Min(1.0, (double)step / Warmup);
}

/// <summary>The options of the <c>linear</c> KL schedule.</summary>
public sealed record LinearKlOptions(
    [Option("optimizer steps to reach 1", Min = 0)] int WarmupSteps = 0,
    [Option("epochs to reach 1", Min = 0)] int WarmupEpochs = 0);
