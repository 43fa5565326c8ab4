namespace Research.Framework.Specs;

/// <summary>
/// The <c>sweep:</c> block. Points are the Cartesian product of the <see cref="Grid"/> axes
/// (first axis slowest), times the paired <see cref="Zip"/> lists, times the <see cref="Random"/>
/// samples. Axis keys are dotted key paths of the spec (<c>objective.k</c>,
/// <c>model.posterior.planar.length</c>); values are plain spec values.
/// </summary>
public sealed record SweepSpec(ValueList<SweepAxis> Grid, ValueList<SweepAxis> Zip, RandomSweep? Random);

/// <summary>One swept key and its values.</summary>
public sealed record SweepAxis(string Key, ValueList<object?> Values);

/// <summary><see cref="Samples"/> points drawn with <see cref="Seed"/>; point i's draws depend only on the seed and i.</summary>
public sealed record RandomSweep(int Samples, int Seed, ValueList<RandomAxis> Params);

/// <summary>One randomly drawn key.</summary>
public sealed record RandomAxis(string Key, RandomDistribution Distribution);

/// <summary>Where a random sweep draws a key's value from.</summary>
public abstract record RandomDistribution;

/// <summary>Uniformly one of the listed values.</summary>
public sealed record ChoiceDistribution(ValueList<object?> Values) : RandomDistribution;

/// <summary>Uniform float in [low, high).</summary>
public sealed record UniformDistribution(double Low, double High) : RandomDistribution;

/// <summary>Float whose logarithm is uniform in [log low, log high).</summary>
public sealed record LogUniformDistribution(double Low, double High) : RandomDistribution;

/// <summary>Uniform integer in [low, high], both ends included.</summary>
public sealed record IntDistribution(int Low, int High) : RandomDistribution;
