using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Vae.Flows;
using Research.Framework.Vae.Likelihoods;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;

namespace Research.Framework.Vae;

/// <summary>Builds a posterior from its options.</summary>
public delegate IPosterior PosteriorFactory(ComponentOptions options, Rng rng);

/// <summary>Builds a prior from its options; the posterior is given for priors that use it (VampPrior, a ladder's shared path).</summary>
public delegate IPrior PriorFactory(ComponentOptions options, IPosterior posterior, Rng rng);

/// <summary>Builds a likelihood from its options.</summary>
public delegate ILikelihood LikelihoodFactory(ComponentOptions options, Rng rng);

/// <summary>
/// Maps the spec names of priors, posteriors and likelihoods to their factories: one line per
/// component. The posterior is built first, then the prior (which may refer to it), then the
/// likelihood and the decoder.
/// </summary>
public static class ComponentRegistry
{
    public static IReadOnlyDictionary<string, PosteriorFactory> Posteriors { get; } = new Dictionary<string, PosteriorFactory>
    {
        ["gaussian"] = (o, rng) => GaussianPosterior.Create(o, rng),
        ["hierarchical"] = (o, rng) => HierarchicalPosterior.Create(o, rng),
        ["ladder"] = (o, rng) => LadderPosterior.Create(o, rng),
    }.Concat(FlowPosteriors()).ToDictionary();

    /// <summary>
    /// Every flow of <see cref="FlowRegistry"/> on a Gaussian base: "planar", "iaf", ... with settings
    /// `length` (steps, default 1) and `hidden` (the hidden widths of each step's own network, for IAF and RealNVP).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, PosteriorFactory>> FlowPosteriors() =>
        FlowRegistry.Names.Select(name => KeyValuePair.Create<string, PosteriorFactory>(name,
            (o, rng) => FlowPosterior.Create(o.InputSize, o.Hidden, o.Latent, o.Activation, name, o.GetInt("length", 1), rng, o.GetInts("hidden"))));

    public static IReadOnlyDictionary<string, PriorFactory> Priors { get; } = new Dictionary<string, PriorFactory>
    {
        ["standard_normal"] = (o, q, rng) => StandardNormalPrior.Create(o),
        ["mixture_of_gaussians"] = (o, q, rng) => MixtureOfGaussiansPrior.Create(o, rng),
        ["vampprior"] = (o, q, rng) => VampPrior.Create(o, q, rng),
        ["hierarchical"] = (o, q, rng) => HierarchicalPrior.Create(o, q, rng),
    };

    public static IReadOnlyDictionary<string, LikelihoodFactory> Likelihoods { get; } = new Dictionary<string, LikelihoodFactory>
    {
        ["bernoulli"] = (o, rng) => new BernoulliLikelihood(),
        ["gaussian"] = (o, rng) => GaussianLikelihood.Create(o),
        ["discretized_logistic"] = (o, rng) => DiscretizedLogisticLikelihood.Create(o),
    };

    /// <summary>Builds the VAE a spec names; each component draws from its own child of <paramref name="rng"/>.</summary>
    public static VaeModel Build(VaeSpec spec, Rng rng)
    {
        var o = spec.Options;
        var posterior = Lookup(Posteriors, spec.Posterior.Name, "posterior")(o with { Settings = spec.Posterior.Settings }, rng.Split());
        var prior = Lookup(Priors, spec.Prior.Name, "prior")(o with { Settings = spec.Prior.Settings }, posterior, rng.Split());
        var likelihood = Lookup(Likelihoods, spec.Likelihood.Name, "likelihood")(o with { Settings = spec.Likelihood.Settings }, rng.Split());
        if (prior.Latent != posterior.Latent)
            throw new ArgumentException($"The prior '{spec.Prior}' has latent width {prior.Latent} but the posterior '{spec.Posterior}' has {posterior.Latent}.");
        var decoderLatent = DecoderLatent(prior, posterior, spec);
        var hidden = spec.DecoderHidden ?? o.Hidden.Reverse().ToArray();
        var decoder = Mlp.Create([decoderLatent, .. hidden, o.InputSize * likelihood.ParametersPerPixel], spec.DecoderActivation ?? o.Activation, rng.Split());
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

    private static T Lookup<T>(IReadOnlyDictionary<string, T> table, string name, string kind) =>
        table.TryGetValue(name, out var factory)
            ? factory
            : throw new ArgumentException($"Unknown {kind} '{name}'. Valid: {string.Join(", ", table.Keys)}.");
}
