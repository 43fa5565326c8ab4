using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

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
public sealed record VaeModel(IPrior Prior, IPosterior Posterior, Module Decoder, ILikelihood Likelihood, int DecoderLatent) : Module
{
    public int Latent => Posterior.Latent;

    /// <summary>Builds the model a spec names, through <see cref="ComponentRegistry"/>.</summary>
    public static VaeModel Create(VaeSpec spec, Rng rng) => ComponentRegistry.Build(spec, rng);

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

    private Tensor DecoderInput(Tensor z) => z.Shape.Last == DecoderLatent ? z : z.Slice(1, 0, DecoderLatent);

    /// <summary>The mean of p(x|z) for latent rows z [N, D], [N, P] (samples and traversals).</summary>
    public Tensor DecodeMean(Tensor z) => Likelihood.Mean(Decode(z));

    /// <summary>n samples x ~ p(x|z), z ~ p(z): [n, P] (no gradient).</summary>
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
