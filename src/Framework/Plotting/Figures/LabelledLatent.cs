namespace Research.Framework.Plotting.Figures;

/// <summary>The latent code of one test example (e.g. the posterior mean) and the example's class label.</summary>
public sealed record LabelledLatent(double[] Z, int Label);
