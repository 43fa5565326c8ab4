using Research.Framework.Specs;

namespace Research.Framework.Objectives.Schedules;

/// <summary>A constant KL weight (1 by default).</summary>
public sealed record ConstantKl(double Value = 1.0) : IKlSchedule
{
    public static KlScheduleDeclaration<NoOptions> Declaration { get; } =
        new("constant", "KL weight 1 throughout (times objective.beta)", (_, _) => new ConstantKl());

    public double Weight(long step) => Value;
}
