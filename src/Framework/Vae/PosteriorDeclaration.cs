using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Vae;

/// <summary>A posterior as the model builder sees it, whatever its options type.</summary>
public interface IPosteriorDeclaration
{
    string Name { get; }

    /// <summary>The posterior, from the shared sizes and its own settings (<paramref name="options"/>).</summary>
    IPosterior Build(ComponentOptions options, Rng rng);
}

/// <summary>
/// A posterior a spec can name (<c>model.posterior</c>), declared in the posterior's own file.
/// Flows on a Gaussian base declare themselves with <see cref="Flows.FlowDeclaration{TOptions}"/> instead.
/// </summary>
public sealed record PosteriorDeclaration<TOptions>(string Name, string Doc, Func<TOptions, ComponentOptions, Rng, IPosterior> Create)
    : ComponentDeclaration<TOptions>(ComponentKind.Posterior, Name, Doc), IPosteriorDeclaration
    where TOptions : notnull
{
    public IPosterior Build(ComponentOptions options, Rng rng) => Create(OptionsFrom(options.Settings), options, rng);
}
