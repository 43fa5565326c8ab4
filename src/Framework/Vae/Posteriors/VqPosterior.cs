using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae.Quantization;

namespace Research.Framework.Vae.Posteriors;

/// <summary>
/// The deterministic posterior of VQ-VAE (van den Oord, Vinyals and Kavukcuoglu 2017, "Neural discrete
/// representation learning", section 3.1): an encoder maps x to z_e(x) [B, D], read as G = D / code_dim
/// groups of code_dim values; each group is replaced by its nearest codebook embedding e_k (eq. 1-2),
/// and q(z = k|x) is one-hot, so log q = 0. The decoder's gradient reaches the encoder through the
/// straight-through estimator (section 3.2).
/// </summary>
/// <remarks>
/// With a convolutional encoder (model.encoder.conv) the groups are slices of a linear map of the
/// convolutional features, not spatial positions of the feature map. With <see cref="VqOptions.Ema"/>
/// the codebook is an exponential moving average of the encoder outputs assigned to each code
/// (appendix A.1, <see cref="CodebookEma"/>); its counts and sums are kept with the parameters (saved
/// and restored with them) but no optimizer changes them.
/// </remarks>
/// <param name="Features">Convolutional features in front of <paramref name="Encoder"/>, or null.</param>
/// <param name="Encoder">The MLP to z_e, its last layer linear.</param>
/// <param name="Codebook">The K embeddings [K, code_dim].</param>
/// <param name="EmaCounts">N_k [K] with EMA updates, else null.</param>
/// <param name="EmaSums">m_k [K, code_dim] with EMA updates, else null.</param>
public sealed record VqPosterior(ConvEncoder? Features, Mlp Encoder, Tensor Codebook, VqOptions Settings, Tensor? EmaCounts = null, Tensor? EmaSums = null)
    : Module, IPosterior
{
    public int Latent => Encoder.Layers[^1].OutFeatures;

    public int CodebookSize => Codebook.Shape[0];

    public int CodeDim => Codebook.Shape[1];

    /// <summary>G, the number of codes per data point.</summary>
    public int Positions => Latent / CodeDim;

    public static PosteriorDeclaration<VqOptions> Declaration { get; } = new("vq",
        "VQ-VAE: nearest codebook embedding per group of code_dim latent values, straight-through gradient (van den Oord et al. 2017)",
        Create);

    public static VqPosterior Create(VqOptions settings, ComponentOptions options, Rng rng)
    {
        if (options.Latent % settings.CodeDim != 0)
            throw new ArgumentException(
                $"model.posterior.vq.code_dim: {settings.CodeDim} does not divide model.latent {options.Latent} (the latent is read as groups of code_dim values).");
        var features = options.EncoderConv is { } conv ? ConvEncoder.Create(conv, options.Activation, rng.Split()) : null;
        var encoder = Mlp.Create([features?.OutFeatures ?? options.InputSize, .. options.Hidden, options.Latent], options.Activation, rng.Split());
        // U(-1/K, 1/K), as common VQ-VAE code does: small codes near the origin of the encoder's outputs.
        var codebook = Initializers.Parameter(new Shape(settings.CodebookSize, settings.CodeDim));
        rng.Split().Uniform(codebook.Data, -1f / settings.CodebookSize, 1f / settings.CodebookSize);
        if (!settings.Ema) return new VqPosterior(features, encoder, codebook, settings);
        codebook.RequiresGrad = false;
        var (counts, sums) = CodebookEma.Initial(codebook.Data, settings.CodebookSize);
        return new VqPosterior(features, encoder, codebook, settings,
            Tensor.FromArray(counts, new Shape(settings.CodebookSize)), Tensor.FromArray(sums, codebook.Shape));
    }

    /// <summary>z_e(x) [B, D], the encoder's output.</summary>
    public Tensor EncoderOutput(Tensor x) => Encoder.Forward(Features is null ? x : Features.Forward(x));

    /// <summary>Encodes x [B, P] and picks each group's nearest code.</summary>
    public QuantizedCodes Quantize(Tensor x)
    {
        var b = x.Shape.Rows;
        var ze = EncoderOutput(x).Reshape(b * Positions, CodeDim);
        var indices = ze.NearestRows(Codebook);
        return new QuantizedCodes(ze, Codebook.GatherRows(indices), indices, b, this);
    }

    /// <summary>
    /// z = z_q(x) with the straight-through gradient, repeated K times (the posterior is a point mass);
    /// log q = 0 (q(z = k|x) is one-hot, section 3.1).
    /// </summary>
    public PosteriorSample Sample(Tensor x, int k, Rng rng)
    {
        var codes = Quantize(x);
        var z = codes.StraightThrough();
        var b = codes.Batch;
        if (k > 1) z = z.GatherRows([.. Enumerable.Range(0, k * b).Select(r => r % b)]);
        return new PosteriorSample(z, Tensor.Zeros(new Shape(k * b), z.Device), null);
    }

    /// <summary>
    /// After an optimizer step: with EMA, moves the codebook to the moving averages of the encoder
    /// outputs assigned to each code in <paramref name="codes"/> (appendix A.1); without, nothing.
    /// </summary>
    public void Update(QuantizedCodes codes)
    {
        if (EmaCounts is null || EmaSums is null) return;
        var step = CodebookEma.Step(EmaCounts.ToArray(), EmaSums.ToArray(), codes.EncoderOutputs.ToArray(), codes.Indices, CodeDim,
            (float)Settings.Decay);
        EmaCounts.CopyFrom(step.Counts);
        EmaSums.CopyFrom(step.Sums);
        Codebook.CopyFrom(step.Codebook);
    }

    /// <summary>z_q(x) [B, D] (no gradient needed: reconstructions).</summary>
    public override Tensor Forward(Tensor x) => Quantize(x).Quantized.Reshape(x.Shape.Rows, Latent);
}

/// <summary>The options of <c>vq</c>.</summary>
/// <param name="CodebookSize">K.</param>
/// <param name="CodeDim">The width of one embedding; model.latent must be a multiple of it.</param>
/// <param name="Commitment">beta of eq. 3.</param>
public sealed record VqOptions(
    [Option("K, the number of codebook embeddings", Min = 2)] int CodebookSize = 512,
    [Option("width of one embedding; model.latent is a multiple of it (latent / code_dim codes per data point)", Min = 1)] int CodeDim = 16,
    [Option("beta, the weight of the commitment loss ||z_e - sg[e]||^2 (eq. 3)", Min = 0)] double Commitment = 0.25,
    [Option("codebook as exponential moving averages of its assigned encoder outputs (appendix A.1) instead of the codebook loss")] bool Ema = false,
    [Option("gamma, the EMA decay", Min = 0, Max = 1, MinOpen = true, MaxOpen = true)] double Decay = 0.99);
