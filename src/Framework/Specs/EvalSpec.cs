namespace Research.Framework.Specs;

/// <summary>The <c>eval:</c> section.</summary>
public sealed record EvalSpec(int EveryEpochs, int NllK, int BatchSize, double ActiveUnitsThreshold, int ActiveUnitsTrainImages);
