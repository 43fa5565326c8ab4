namespace Research.Experiments.Verbs;

/// <summary>What `research anomaly` was asked to do; null values take the trained spec's settings.</summary>
/// <param name="Run">A run id in the tracking store, or a folder holding spec.yaml and checkpoint/model.bin.</param>
/// <param name="K">Importance samples for -log p(x).</param>
/// <param name="Classes">The anomalous labels (default: the run's data.exclude_classes).</param>
/// <param name="OutputDir">Where roc.svg, scores.csv and anomaly.json are written.</param>
public sealed record AnomalyRequest(
    string Run,
    string? TrackingUri = null,
    int K = 1000,
    int? BatchSize = null,
    int? TestSubset = null,
    ulong? Seed = null,
    IReadOnlyList<int>? Classes = null,
    string OutputDir = "anomaly",
    string? Device = null);
