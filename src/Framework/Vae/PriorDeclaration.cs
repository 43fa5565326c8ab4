using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Vae;

/// <summary>A prior as the model builder sees it, whatever its options type.</summary>
public interface IPriorDeclaration
{
    string Name { get; }

    /// <summary>The prior, from the shared sizes and its own settings (<paramref name="options"/>), given the posterior (VampPrior and the ladder's shared path use it).</summary>
    IPrior Build(ComponentOptions options, IPosterior posterior, Rng rng);
}

/// <summary>
/// A prior a spec can name (<c>model.prior</c>), declared in the prior's own file: its name,
/// documentation line, options record and factory. Declaring it registers it (<see cref="ComponentDeclarations"/>).
/// </summary>
public sealed record PriorDeclaration<TOptions>(string Name, string Doc, Func<TOptions, ComponentOptions, IPosterior, Rng, IPrior> Create)
    : ComponentDeclaration<TOptions>(ComponentKind.Prior, Name, Doc), IPriorDeclaration
    where TOptions : notnull
{
    public IPrior Build(ComponentOptions options, IPosterior posterior, Rng rng) => Create(OptionsFrom(options.Settings), options, posterior, rng);
}
