using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Vae;

/// <summary>
/// A variational autoencoder as a value: prior p(z), posterior q(z|x), decoder network and
/// likelihood p(x|z) (Kingma and Welling 2014). Parameters are found by walking it, so the
/// optimizer trains every component's parameters (shared ones once).
/// </summary>
/// <param name="Decoder">Maps z1 [N, DecoderLatent] to the likelihood's parameters [N, P * ParametersPerPixel].</param>
/// <param name="DecoderLatent">
/// The width of z1, the leading columns of the latent rows that the decoder reads (the whole
/// latent for a single-layer model; see Conventions.md).
/// </param>
/// <param name="Condition">
/// For a conditional VAE (Sohn et al. 2015), the label classes the encoder and decoder read as one-hot
/// columns; null for an unconditional model. A conditional model is used through a view bound to a
/// batch's labels, <see cref="Given"/>; the model itself holds the parameters.
/// </param>
public sealed record VaeModel(IPrior Prior, IPosterior Posterior, Module Decoder, ILikelihood Likelihood, int DecoderLatent, Conditioning? Condition = null) : Module
{
    public int Latent => Posterior.Latent;

    /// <summary>The one-hot labels [B, C] a view from <see cref="Given"/> is conditioned on (null otherwise).</summary>
    [Buffer]
    public Tensor? Labels { get; init; }

    public bool IsConditional => Condition is not null;

    /// <summary>
    /// The conditional model for a batch's labels, one-hot rows [B, C] on the model's device: the same
    /// parameters, with q(z|x, y) reading [x, onehot(y)], the decoder reading [z, onehot(y)] (each of the K
    /// sample-major latent rows with its data point's label) and, with a learned prior, p(z|y) (Sohn et al.
    /// 2015, eq. 4-5). Every objective and evaluation then runs on the view unchanged, giving log p(x|y) bounds.
    /// </summary>
    public VaeModel Given(Tensor labels)
    {
        var condition = Condition ?? throw new InvalidOperationException("This VAE is not conditional (model.condition.on: none): it takes no labels.");
        if (labels.Shape.Rank != 2 || labels.Shape.Last != condition.Classes)
            throw new ArgumentException($"The labels must be one-hot rows [B, {condition.Classes}], got {labels.Shape}.");
        return this with
        {
            Posterior = Posterior is LabelledPosterior labelled ? labelled with { Labels = labels } : Posterior,
            Prior = Prior is ConditionalGaussianPrior conditional ? conditional with { Labels = labels } : Prior,
            Labels = labels,
        };
    }

    /// <summary>Builds the model a spec names, through <see cref="ComponentRegistry"/>.</summary>
    public static VaeModel Create(VaeSpec spec, Rng rng) => ComponentRegistry.Build(spec, rng);

    /// <summary>
    /// The model a batch is scored by: this model when unconditional, its view <see cref="Given"/> the batch's
    /// one-hot labels (on the model's device) when conditional; labels for the one or none for the other is an error.
    /// </summary>
    public VaeModel ForBatch(Tensor? labels) => (IsConditional, labels) switch
    {
        (false, null) => this,
        (true, { } y) => Given(y),
        (true, null) => throw new ArgumentException("This VAE is conditioned on labels (model.condition.on: label) but the batch has none."),
        (false, _) => throw new ArgumentException("This VAE is not conditional (model.condition.on: none) but the batch came with labels."),
    };

    /// <summary>The decoder's output for latent rows z [N, D] (it reads the first DecoderLatent columns).</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(DecoderInput(z));

    /// <summary>
    /// log p(x|z) per latent row [K*B] for data x [B, P]. An MLP decoder with a linear last layer and a
    /// <see cref="ILinearOutputLikelihood"/> go through the likelihood's fused form (same value; under
    /// NoGrad on the native engine the decoder output is never stored).
    /// </summary>
    public Tensor LogLikelihood(Tensor x, Tensor z) =>
        Likelihood is ILinearOutputLikelihood fused && Decoder is Mlp { ActivateLast: false, Layers.Count: > 0 } mlp
            ? fused.LogProbOfLinear(x, mlp.Hidden(DecoderInput(z)), mlp.Layers[^1])
            : Likelihood.LogProb(x, Decode(z));

    /// <summary>z1, and for a conditional model the one-hot label of each latent row's data point next to it ([z1, onehot(y)]).</summary>
    private Tensor DecoderInput(Tensor z)
    {
        var z1 = z.Shape.Last == DecoderLatent ? z : z.Slice(1, 0, DecoderLatent);
        if (Condition is null) return z1;
        var labels = Labels ?? throw new InvalidOperationException(
            "This VAE is conditioned on labels (model.condition.on: label): decode through VaeModel.Given(onehot(y)).");
        return z1.Concat(SampleMajor.Repeat(labels, SampleMajor.Samples(z1, labels.Shape.Rows, "The conditional decoder's latent rows")), axis: 1);
    }

    /// <summary>The mean of p(x|z) for latent rows z [N, D], [N, P] (samples and traversals).</summary>
    public Tensor DecodeMean(Tensor z) => Likelihood.Mean(Decode(z));

    /// <summary>n samples x ~ p(x|z), z ~ p(z): [n, P] (no gradient); for a conditional view n is its number of labels (or a multiple of it).</summary>
    public Tensor Sample(int n, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        return Likelihood.Sample(Decode(Prior.Sample(n, rng)), rng);
    }

    /// <summary>
    /// Reconstructions: the mean of p(x|z) at the posterior's deterministic code of x (its
    /// <see cref="Module.Forward"/>, the mean for a Gaussian posterior), [B, P].
    /// </summary>
    public override Tensor Forward(Tensor x) =>
        Posterior is Module encoder
            ? DecodeMean(encoder.Forward(x))
            : throw new NotSupportedException($"{Posterior.GetType().Name} has no deterministic code; reconstruct from a sample instead.");
}
