using Research.Framework.Specs;
using Research.Framework.Sweeps;

namespace Research.Experiments.Runner;

/// <summary>What `validate` checks and `run` checks before it starts: every point valid, its devices present, its conditioning supported by its data, its tensors possible, its disentanglement metrics scorable.</summary>
public static class Preflight
{
    /// <summary>The points of <paramref name="spec"/>; throws <see cref="SpecException"/> with every problem found.</summary>
    public static IReadOnlyList<SweepPoint> Points(string specPath, ExperimentSpec spec)
    {
        var points = SweepExpander.ExpandAll(spec);
        DeviceCheck.ThrowIfUnavailable(specPath, points);
        ConditionCheck.ThrowIfUnsupported(specPath, points);
        SizeCheck.ThrowIfTooLarge(specPath, points, SizeCheck.AvailableBytes());
        DisentanglementCheck.ThrowIfNoFactors(specPath, points);
        return points;
    }
}
