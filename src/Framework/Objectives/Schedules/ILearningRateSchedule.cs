namespace Research.Framework.Objectives.Schedules;

/// <summary>A learning rate as a pure function of the training step.</summary>
public interface ILearningRateSchedule
{
    double LearningRate(long step);
}
