using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Posteriors;

/// <summary>
/// The diagonal Gaussian posterior q(z|x) = N(mu(x), diag(sigma(x)^2)) of Kingma and Welling
/// 2014 (appendix C.2): an MLP encoder with a mean head and a log-std head, sampled with the
/// reparameterization trick. Its samples carry the Gaussian, so objectives can use the analytic KL.
/// </summary>
public sealed record GaussianPosterior(GaussianLayer Encoder) : Module, IPosterior, IGaussianEncoder
{
    public int Latent => Encoder.OutFeatures;

    /// <summary>An encoder P -> (convolutions...) -> hidden... -> (mean, log-std) of width D.</summary>
    public static PosteriorDeclaration<NoOptions> Declaration { get; } = new("gaussian", "Diagonal Gaussian q(z|x)", (_, model, rng) => Create(model, rng));

    public static GaussianPosterior Create(ComponentOptions options, Rng rng) =>
        new(options.EncoderConv is { } conv
            ? GaussianLayer.Create(conv, options.Hidden, options.Latent, options.Activation, rng)
            : GaussianLayer.Create(options.InputSize, options.Hidden, options.Latent, options.Activation, rng));

    public DiagonalNormal Encode(Tensor x) => Encoder.Distribution(x);

    /// <summary>q(z|x) and the encoder's last hidden state [B, H] (the context of amortized flows).</summary>
    public (DiagonalNormal Q, Tensor Hidden) EncodeWithHidden(Tensor x)
    {
        var h = Encoder.Hidden(x);
        return (Encoder.FromHidden(h), h);
    }

    public PosteriorSample Sample(Tensor x, int k, Rng rng)
    {
        var q = Encode(x);
        var z = q.RSample(k, rng);
        return new PosteriorSample(z, q.LogProb(z), q);
    }

    /// <summary>The posterior mean, [B, D].</summary>
    public override Tensor Forward(Tensor x) => Encoder.Forward(x);
}
