namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The average code of each latent unit as one ground-truth factor takes each of <see cref="Classes"/>
/// (the other factors random): <see cref="Means"/>[class][unit].
/// </summary>
public sealed record FactorCodeResponse(string Factor, IReadOnlyList<int> Classes, IReadOnlyList<IReadOnlyList<double>> Means);
