namespace Research.Experiments.Verbs;

/// <summary>What `research sample` was asked to do; a null <see cref="Seed"/> takes the trained spec's seed.</summary>
/// <param name="Run">A run id in the tracking store, or a folder holding spec.yaml and checkpoint/model.bin.</param>
/// <param name="Count">How many prior samples the grid shows.</param>
/// <param name="OutputPath">The PNG file to write.</param>
/// <param name="Class">For a conditional VAE, the label every sample is drawn given; null: a grid with one row per class.</param>
public sealed record SampleRequest(string Run, string? TrackingUri = null, int Count = 64, ulong? Seed = null, string OutputPath = "samples.png", string? Device = null,
    int? Class = null);
