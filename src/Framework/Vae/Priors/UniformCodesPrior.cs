using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae.Posteriors;

namespace Research.Framework.Vae.Priors;

/// <summary>
/// The prior VQ-VAE trains with (van den Oord et al. 2017, section 3.1): each of the G codes of a data
/// point uniform over the K embeddings of a <see cref="VqPosterior"/>, so log p(z) = -G log K for every
/// quantized z and, with the one-hot posterior, KL(q || p) = G log K: the ELBO is log p(x|z_q) - G log K.
/// </summary>
/// <remarks>
/// Samples draw every code uniformly: the paper instead fits an autoregressive prior (PixelCNN) over
/// the codes after training, which this framework does not have, so its sample figures are labelled as uniform codes.
/// </remarks>
/// <remarks>The posterior is held in a private field: its parameters are the posterior's, walked (and named) there only.</remarks>
public sealed record UniformCodesPrior : Module, IPrior
{
    private readonly VqPosterior _codes;

    public UniformCodesPrior(VqPosterior codes) => _codes = codes;

    public int Latent => _codes.Latent;

    public static PriorDeclaration<NoOptions> Declaration { get; } = new("uniform_codes",
        "Uniform over the codebook of the vq posterior at each code position (VQ-VAE's training prior)",
        (_, _, posterior, _) => posterior is VqPosterior vq
            ? new UniformCodesPrior(vq)
            : throw new ArgumentException($"model.prior: uniform_codes needs model.posterior: vq, not {posterior.GetType().Name}."));

    /// <summary>-G log K per row [N], whatever z is (it is meant for quantized rows).</summary>
    public Tensor LogProb(Tensor z) => Tensor.Full(new Shape(z.Shape.Rows), -LogUniform, z.Device);

    /// <summary>G log K, the KL of the one-hot posterior to this prior.</summary>
    public float LogUniform => _codes.Positions * MathF.Log(_codes.CodebookSize);

    /// <summary>n rows of G codes drawn uniformly, [n, D].</summary>
    public Tensor Sample(int n, Rng rng)
    {
        var indices = new int[n * _codes.Positions];
        for (var i = 0; i < indices.Length; i++) indices[i] = rng.NextInt(_codes.CodebookSize);
        return _codes.Codebook.GatherRows(indices).Reshape(n, Latent);
    }

    /// <summary>log p(z), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}
