using Research.Framework.Randomness;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// The declared flows by name (<see cref="FlowDeclaration{TOptions}"/>, found by
/// <see cref="ComponentDeclarations"/>): a lookup, not a list kept by hand. Adding a flow is its file.
/// </summary>
public static class FlowRegistry
{
    /// <summary>Every declared flow, in declaration order.</summary>
    public static IReadOnlyList<IFlowDeclaration> Declarations => [.. ComponentDeclarations.OfKind(ComponentKind.Posterior).OfType<IFlowDeclaration>()];

    /// <summary>Every declared flow's name.</summary>
    public static IReadOnlyList<string> Names => [.. Declarations.Select(d => d.Name)];

    /// <summary>The flow named <paramref name="name"/>; an unknown name lists the valid ones.</summary>
    public static IFlowDeclaration Find(string name) =>
        Declarations.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown flow '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>One step of the flow named <paramref name="name"/> with its default options, or <paramref name="hidden"/> widths for flows that have a network.</summary>
    public static FlowTransform Create(string name, int latent, int contextSize, int index, Rng rng, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(contextSize);
        return Find(name).Step(Settings(hidden), new FlowStep(latent, contextSize, index, rng));
    }

    /// <summary><paramref name="length"/> steps of the named flow, each drawing from its own child of <paramref name="rng"/>.</summary>
    public static IReadOnlyList<FlowTransform> Stack(string name, int length, int latent, int contextSize, Rng rng, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var flow = Find(name);
        return [.. Enumerable.Range(0, length).Select(i => flow.Step(Settings(hidden), new FlowStep(latent, contextSize, i, rng.Split())))];
    }

    private static Dictionary<string, object>? Settings(IReadOnlyList<int>? hidden) =>
        hidden is null ? null : new Dictionary<string, object> { ["hidden"] = hidden };
}
