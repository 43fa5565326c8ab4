namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The final result of one sweep point trained with <see cref="Objective"/> (e.g. "VAE", "IWAE") and
/// <see cref="K"/> samples: typically the test log-likelihood estimate in nats (the rows of Table 1 of
/// Burda et al., 2016). Several records with the same objective and K (seeds) are averaged.
/// </summary>
public sealed record BoundAtK(string Objective, int K, double Value);
