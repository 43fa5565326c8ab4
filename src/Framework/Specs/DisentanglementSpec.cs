namespace Research.Framework.Specs;

/// <summary>The <c>eval.disentanglement:</c> section: when the disentanglement metrics run, and their sample sizes.</summary>
public sealed record DisentanglementSpec(string When, int BatchSize, int TrainPoints, int EvalPoints, int VarianceSamples, int Samples, int TestSamples, int Bins)
{
    /// <summary>The schema's defaults (disentanglement_lib's sizes, computed at the end on data with factors).</summary>
    public static DisentanglementSpec Default { get; } = new("auto", 64, 10_000, 5_000, 10_000, 10_000, 5_000, 20);

    /// <summary>Whether the metrics run with an evaluation (<paramref name="last"/>: the point's final one, early stopping included), given whether the data have factors.</summary>
    public bool RunsAt(bool last, bool hasFactors) => When switch
    {
        "off" => false,
        "auto" or "end" => last && hasFactors,
        "every_eval" => hasFactors,
        _ => throw new InvalidOperationException($"eval.disentanglement.when {When} is not one of auto, end, every_eval, off"),
    };

    /// <summary>Whether the spec asks for the metrics explicitly (so data without factors is an error, not a silent skip).</summary>
    public bool Required => When is "end" or "every_eval";
}
