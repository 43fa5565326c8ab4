using Research.Framework.Data;

namespace Research.Experiments.Tests.Runner;

/// <summary>A test-only dataset declared without labels: what label conditioning must refuse before anything trains.</summary>
public static class UnlabelledData
{
    public static DatasetDeclaration Declaration { get; } = new("unlabelled_test", "Test-only: the synthetic bars without their labels", 28, 28, 100, 20,
        (_, _) => (SyntheticBars.Generate(100, seed: 1) with { Labels = null }, SyntheticBars.Generate(20, seed: 2) with { Labels = null }));
}
