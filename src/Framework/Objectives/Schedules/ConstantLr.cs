namespace Research.Framework.Objectives.Schedules;

/// <summary>A constant learning rate. Setting "lr".</summary>
public sealed record ConstantLr(double Lr) : ILearningRateSchedule
{
    public double LearningRate(long step) => Lr;
}
