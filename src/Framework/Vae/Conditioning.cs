namespace Research.Framework.Vae;

/// <summary>
/// What a conditional VAE (Sohn et al. 2015, section 4, eq. 4-5) is conditioned on: a one-hot label of
/// <paramref name="Classes"/> classes that the encoder reads next to x and the decoder next to z, and
/// whether its prior is the learned p(z|y) (<see cref="Priors.ConditionalGaussianPrior"/>) rather than the spec's p(z).
/// </summary>
public sealed record Conditioning(int Classes, bool LearnedPrior)
{
    public int Classes { get; } = Classes >= 1 ? Classes : throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "A conditional VAE needs at least one class.");
}
