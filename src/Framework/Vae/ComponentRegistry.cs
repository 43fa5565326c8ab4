using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;

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
    public static VaeModel Build(VaeSpec spec, Rng rng)
    {
        var o = spec.Options;
        var posterior = Lookup(Posteriors, d => d.Name, spec.Posterior.Name, "posterior").Build(o with { Settings = spec.Posterior.Settings }, rng.Split());
        var prior = Lookup(Priors, d => d.Name, spec.Prior.Name, "prior").Build(o with { Settings = spec.Prior.Settings }, posterior, rng.Split());
        var likelihood = Lookup(Likelihoods, d => d.Name, spec.Likelihood.Name, "likelihood").Build(o with { Settings = spec.Likelihood.Settings }, rng.Split());
        if (prior.Latent != posterior.Latent)
            throw new ArgumentException($"The prior '{spec.Prior}' has latent width {prior.Latent} but the posterior '{spec.Posterior}' has {posterior.Latent}.");
        var decoderLatent = DecoderLatent(prior, posterior, spec);
        if (o.EncoderConv is not null && posterior is not (Research.Framework.Vae.Posteriors.GaussianPosterior or Research.Framework.Vae.Posteriors.VqPosterior))
            throw new ArgumentException($"model.encoder.conv: convolutional encoders are built by the gaussian and vq posteriors only, not '{spec.Posterior}'.");
        var hidden = spec.DecoderHidden ?? o.Hidden.Reverse().ToArray();
        var activation = spec.DecoderActivation ?? o.Activation;
        Module decoder = spec.DecoderConv is { } conv
            ? ConvDecoder.Create(decoderLatent, hidden, conv, conv.ImageChannels * likelihood.ParametersPerPixel, activation, rng.Split())
            : Mlp.Create([decoderLatent, .. hidden, o.InputSize * likelihood.ParametersPerPixel], activation, rng.Split());
        return new VaeModel(prior, posterior, decoder, likelihood, decoderLatent);
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
