namespace Research.Framework.Specs;

/// <summary>The <c>tracking:</c> section. An empty experiment name resolves to the spec's name.</summary>
public sealed record TrackingSpec(string Experiment, string Uri);
