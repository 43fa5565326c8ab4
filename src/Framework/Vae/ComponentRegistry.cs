using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Vae;

/// <summary>
/// Builds a VAE from the declared priors, posteriors (flows included) and likelihoods
/// (<see cref="PriorDeclaration{TOptions}"/> and its siblings, found by <see cref="ComponentDeclarations"/>).
/// The posterior is built first, then the prior (which may refer to it), then the likelihood and the decoder.
/// </summary>
public static class ComponentRegistry
{
    public static IReadOnlyList<IPriorDeclaration> Priors => [.. ComponentDeclarations.OfKind(ComponentKind.Prior).OfType<IPriorDeclaration>()];

    public static IReadOnlyList<IPosteriorDeclaration> Posteriors => [.. ComponentDeclarations.OfKind(ComponentKind.Posterior).OfType<IPosteriorDeclaration>()];

    public static IReadOnlyList<ILikelihoodDeclaration> Likelihoods => [.. ComponentDeclarations.OfKind(ComponentKind.Likelihood).OfType<ILikelihoodDeclaration>()];

    /// <summary>Builds the VAE a spec names; each component draws from its own child of <paramref name="rng"/>.</summary>
    /// <remarks>
    /// A conditional VAE (<see cref="VaeSpec.Condition"/>, Sohn et al. 2015) builds the posterior on rows
    /// [x, onehot(y)] (wrapped in <see cref="LabelledPosterior"/>), the decoder on [z1, onehot(y)], and with a
    /// learned prior the <see cref="ConditionalGaussianPrior"/> in place of the spec's (which must be standard_normal).
    /// </remarks>
    public static VaeModel Build(VaeSpec spec, Rng rng)
    {
        var o = spec.Options;
        var condition = spec.Condition;
        if (condition is not null && o.EncoderConv is not null)
            throw new ArgumentException("model.condition: a conditional VAE reads [x, onehot(y)] through an MLP encoder; model.encoder.conv is not supported with it.");
        if (condition is { LearnedPrior: true } && spec.Prior.Name != "standard_normal")
            throw new ArgumentException($"model.condition.prior: conditional replaces model.prior with the learned p(z|y), so model.prior must be standard_normal, not '{spec.Prior}'.");
        if (condition is not null && spec.Prior.Name == "vampprior")
            throw new ArgumentException("model.condition: the VampPrior's pseudo-inputs have no labels; use model.condition.prior: conditional or another prior.");
        var encoderInput = condition is null ? o : o with { InputSize = o.InputSize + condition.Classes };
        var posterior = Lookup(Posteriors, d => d.Name, spec.Posterior.Name, "posterior").Build(encoderInput with { Settings = spec.Posterior.Settings }, rng.Split());
        var prior = condition is { LearnedPrior: true }
            ? ConditionalGaussianPrior.Create(condition.Classes, posterior.Latent, rng.Split())
            : Lookup(Priors, d => d.Name, spec.Prior.Name, "prior").Build(o with { Settings = spec.Prior.Settings }, posterior, rng.Split());
        var likelihood = Lookup(Likelihoods, d => d.Name, spec.Likelihood.Name, "likelihood").Build(o with { Settings = spec.Likelihood.Settings }, rng.Split());
        if (prior.Latent != posterior.Latent)
            throw new ArgumentException($"The prior '{spec.Prior}' has latent width {prior.Latent} but the posterior '{spec.Posterior}' has {posterior.Latent}.");
        var decoderLatent = DecoderLatent(prior, posterior, spec);
        if (o.EncoderConv is not null && posterior is not (GaussianPosterior or VqPosterior))
            throw new ArgumentException($"model.encoder.conv: convolutional encoders are built by the gaussian and vq posteriors only, not '{spec.Posterior}'.");
        var hidden = spec.DecoderHidden ?? o.Hidden.Reverse().ToArray();
        var activation = spec.DecoderActivation ?? o.Activation;
        var decoderInput = decoderLatent + (condition?.Classes ?? 0);
        Module decoder = spec.DecoderConv is { } conv
            ? ConvDecoder.Create(decoderInput, hidden, conv, conv.ImageChannels * likelihood.ParametersPerPixel, activation, rng.Split())
            : Mlp.Create([decoderInput, .. hidden, o.InputSize * likelihood.ParametersPerPixel], activation, rng.Split());
        return new VaeModel(prior, condition is null ? posterior : new LabelledPosterior(posterior), decoder, likelihood, decoderLatent, condition);
    }

    /// <summary>The width of z1: the first stochastic layer of whichever component has layers (they must agree).</summary>
    private static int DecoderLatent(IPrior prior, IPosterior posterior, VaeSpec spec)
    {
        var (p, q) = ((prior as ILatentLayout)?.LayerSizes, (posterior as ILatentLayout)?.LayerSizes);
        if (p is not null && q is not null && !p.SequenceEqual(q))
            throw new ArgumentException(
                $"The prior '{spec.Prior}' has stochastic layers [{string.Join(", ", p)}] but the posterior '{spec.Posterior}' has [{string.Join(", ", q)}].");
        return (q ?? p)?[0] ?? posterior.Latent;
    }

    private static T Lookup<T>(IReadOnlyList<T> declared, Func<T, string> name, string wanted, string kind) =>
        declared.FirstOrDefault(d => name(d) == wanted)
        ?? throw new ArgumentException($"Unknown {kind} '{wanted}'. Valid: {string.Join(", ", declared.Select(name))}.");
}
