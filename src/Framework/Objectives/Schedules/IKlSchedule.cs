namespace Research.Framework.Objectives.Schedules;

/// <summary>A KL weight as a pure function of the training step (an iteration or an epoch, as the spec says).</summary>
public interface IKlSchedule
{
    /// <summary>The weight multiplying the KL term (beta) at <paramref name="step"/> ≥ 0.</summary>
    double Weight(long step);
}
