using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>The options every flow has: how many steps it stacks on the Gaussian base.</summary>
public interface IFlowOptions
{
    int Length { get; }
}

/// <summary>
/// Where one flow step goes: the latent width, the width of the encoder's hidden state offered as
/// context (conditional flows use it), the step's position in the stack (flows that alternate an
/// ordering or a mask use its parity) and its own generator.
/// </summary>
public sealed record FlowStep(int Latent, int ContextSize, int Index, Rng Rng);

/// <summary>A flow as the posterior builder and the conformance battery see it, whatever its options type.</summary>
public interface IFlowDeclaration
{
    string Name { get; }

    /// <summary>One step, with the flow's options read from <paramref name="settings"/> (null: the defaults).</summary>
    FlowTransform Step(IReadOnlyDictionary<string, object>? settings, FlowStep step);
}

/// <summary>
/// A normalizing flow a spec can name as its posterior (<c>model.posterior: { planar: { length: 10 } }</c>):
/// <see cref="IFlowOptions.Length"/> steps of <see cref="Create"/> on a diagonal Gaussian base
/// (<see cref="FlowPosterior"/>). Declared in the flow's own file; the flow conformance tests pick every
/// declared flow up.
/// </summary>
public sealed record FlowDeclaration<TOptions>(string Name, string Doc, Func<TOptions, FlowStep, FlowTransform> Create)
    : ComponentDeclaration<TOptions>(ComponentKind.Posterior, Name, Doc), IPosteriorDeclaration, IFlowDeclaration
    where TOptions : IFlowOptions
{
    public FlowTransform Step(IReadOnlyDictionary<string, object>? settings, FlowStep step) => Create(OptionsFrom(settings), step);

    public IPosterior Build(ComponentOptions options, Rng rng)
    {
        var flowOptions = OptionsFrom(options.Settings);
        return FlowPosterior.Create(options.InputSize, options.Hidden, options.Latent, options.Activation, flowOptions.Length, rng,
            step => Create(flowOptions, step));
    }
}
