namespace Research.Framework.Objectives.Schedules;

/// <summary>A constant KL weight. Setting "value" (default 1).</summary>
public sealed record ConstantKl(double Value = 1.0) : IKlSchedule
{
    public double Weight(long step) => Value;
}
