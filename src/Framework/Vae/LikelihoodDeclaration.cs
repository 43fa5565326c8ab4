using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Vae;

/// <summary>A likelihood as the model builder sees it, whatever its options type.</summary>
public interface ILikelihoodDeclaration
{
    string Name { get; }

    ILikelihood Build(ComponentOptions options, Rng rng);
}

/// <summary>A likelihood a spec can name (<c>model.likelihood</c>), declared in the likelihood's own file.</summary>
public sealed record LikelihoodDeclaration<TOptions>(string Name, string Doc, Func<TOptions, ComponentOptions, Rng, ILikelihood> Create)
    : ComponentDeclaration<TOptions>(ComponentKind.Likelihood, Name, Doc), ILikelihoodDeclaration
    where TOptions : notnull
{
    public ILikelihood Build(ComponentOptions options, Rng rng) => Create(OptionsFrom(options.Settings), options, rng);
}
