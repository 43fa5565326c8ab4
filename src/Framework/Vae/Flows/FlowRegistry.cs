using Research.Framework.Randomness;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// Builds one flow step for a latent of size <paramref name="latent"/>. <paramref name="contextSize"/>
/// is the width of the encoder's hidden state offered as context (conditional flows use it);
/// <paramref name="index"/> is the step's position in the stack (flows that alternate an ordering
/// or a mask use its parity); <paramref name="hidden"/> is the spec's "hidden" setting, the hidden
/// widths of a flow's own network (MADE, coupling network), or null for the flow's default.
/// </summary>
public delegate FlowTransform FlowFactory(int latent, int contextSize, int index, IReadOnlyList<int>? hidden, Rng rng);

/// <summary>
/// The one place where a spec's flow name maps to a constructor. Adding a flow is its file plus
/// one line here; the conformance tests pick every entry up.
/// </summary>
public static class FlowRegistry
{
    private static readonly IReadOnlyDictionary<string, FlowFactory> Factories = new Dictionary<string, FlowFactory>(StringComparer.Ordinal)
    {
        ["planar"] = (latent, _, _, _, rng) => PlanarFlow.Create(latent, rng),
        ["planar_amortized"] = (latent, contextSize, _, _, rng) => AmortizedPlanarFlow.Create(latent, contextSize, rng),
        ["radial"] = (latent, _, _, _, rng) => RadialFlow.Create(latent, rng),
        ["iaf"] = (latent, contextSize, index, hidden, rng) => IafStep.Create(latent, contextSize, hidden ?? IafStep.DefaultHidden(latent), rng, reverseOrder: index % 2 == 1),
        ["sylvester"] = (latent, _, _, _, rng) => SylvesterFlow.Create(latent, SylvesterFlow.DefaultReflections(latent), rng),
        ["realnvp"] = (latent, contextSize, index, hidden, rng) => AffineCouplingFlow.Create(latent, contextSize, hidden ?? AffineCouplingFlow.DefaultHidden(latent), rng, flipMask: index % 2 == 1),
    }.AsReadOnly();

    /// <summary>Every registered name, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>One step of the flow named <paramref name="name"/>; an unknown name lists the valid ones.</summary>
    /// <param name="hidden">Hidden widths of the step's own network, for flows that have one (null: the flow's default).</param>
    public static FlowTransform Create(string name, int latent, int contextSize, int index, Rng rng, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(contextSize);
        if (!Factories.TryGetValue(name, out var factory))
            throw new ArgumentException($"Unknown flow '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name));
        return factory(latent, contextSize, index, hidden, rng);
    }

    /// <summary><paramref name="length"/> steps of the named flow, each drawing from its own child of <paramref name="rng"/>.</summary>
    public static IReadOnlyList<FlowTransform> Stack(string name, int length, int latent, int contextSize, Rng rng, IReadOnlyList<int>? hidden = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var steps = new FlowTransform[length];
        for (var i = 0; i < length; i++) steps[i] = Create(name, latent, contextSize, i, rng.Split(), hidden);
        return steps;
    }
}
