using Research.Framework.Randomness;

namespace Research.Experiments.Runner;

/// <summary>
/// Every random stream of a point is a keyed child of the generator seeded by the spec's seed, so
/// each one is fixed by (seed, purpose, epoch) alone: a run resumed at an epoch boundary draws
/// exactly what an uninterrupted run draws, whatever happened before.
/// </summary>
public static class RngKeys
{
    public static Rng Initialization(int seed) => Root(seed).Split(1);

    public static Rng StaticBinarization(int seed) => Root(seed).Split(2);

    /// <summary>Shuffling and dynamic binarization of one epoch's batches.</summary>
    public static Rng EpochData(int seed, int epoch) => Root(seed).Split(1_000_000UL + (ulong)epoch);

    /// <summary>The reparameterization noise of one epoch's training steps.</summary>
    public static Rng EpochNoise(int seed, int epoch) => Root(seed).Split(2_000_000UL + (ulong)epoch);

    public static Rng Evaluation(int seed, int epoch) => Root(seed).Split(3_000_000UL + (ulong)epoch);

    public static Rng Figures(int seed) => Root(seed).Split(4);

    /// <summary>The factor draws of the disentanglement metrics: the same at every epoch, so their change over training is the model's alone.</summary>
    public static Rng Disentanglement(int seed) => Root(seed).Split(5);

    private static Rng Root(int seed) => new((ulong)seed);
}
