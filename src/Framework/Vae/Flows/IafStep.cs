using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// One step of inverse autoregressive flow with the gated (LSTM-style) update:
/// [m, s] = MADE(z, h), σ = sigmoid(s), z' = σ ⊙ z + (1 - σ) ⊙ m, log|det J| = Σ log σ.
/// </summary>
/// <remarks>
/// Kingma et al. 2016, "Improved Variational Inference with Inverse Autoregressive Flow",
/// eq. 10-14, in the numerically stable gated form of section 4 and its appendix.
/// The autoregressive network is a MADE (Germain et al. 2015) of <see cref="MaskedLinear"/>
/// layers built from degrees (<see cref="MadeMasks"/>); the context h (the encoder's hidden
/// state) enters the first hidden layer through an unmasked linear map. m_i and s_i depend on
/// z_j only when Degrees[j] &lt; Degrees[i], so the Jacobian is triangular in degree order with
/// diagonal σ. Stacked steps alternate the order (<c>reverseOrder</c>) so every coordinate is
/// eventually conditioned on every other. The scale head's bias starts at +2 (σ ≈ 0.88), so a
/// fresh step stays close to the identity, as the paper recommends.
/// </remarks>
public sealed record IafStep(
    IReadOnlyList<MaskedLinear> Hidden,
    Linear? Context,
    MaskedLinear MeanHead,
    MaskedLinear ScaleHead,
    Activation Activation,
    IReadOnlyList<int> Degrees) : FlowTransform, IAutoregressiveFlow
{
    /// <summary>The initial bias of the scale head: σ = sigmoid(2) ≈ 0.88 at the start.</summary>
    public const float InitialScaleBias = 2f;

    public int Latent => Degrees.Count;

    /// <summary>Steps alternate the variable ordering, so every variable is eventually conditioned on every other.</summary>
    public static FlowDeclaration<IafOptions> Declaration { get; } = new("iaf", "Inverse autoregressive flow with MADE layers (Kingma et al. 2016)",
        (options, step) => Create(step.Latent, step.ContextSize, options.Hidden, step.Rng, reverseOrder: step.Index % 2 == 1));

    /// <summary>Two hidden layers of width max(16, 2D): wide enough that every degree 1..D-1 appears.</summary>
    public static IReadOnlyList<int> DefaultHidden(int latent) => [Math.Max(16, 2 * latent), Math.Max(16, 2 * latent)];

    /// <summary>
    /// A step for latent size <paramref name="latent"/> conditioned on a context of width
    /// <paramref name="contextSize"/> (0: none), with MADE hidden widths <paramref name="hidden"/>.
    /// </summary>
    public static IafStep Create(int latent, int contextSize, IReadOnlyList<int> hidden, Rng rng, bool reverseOrder = false, Activation activation = Activation.Elu)
    {
        if (hidden.Count == 0) throw new ArgumentException("An IAF step needs at least one hidden layer.", nameof(hidden));
        var inputDegrees = MadeMasks.InputDegrees(latent, reverseOrder);
        var layers = new MaskedLinear[hidden.Count];
        IReadOnlyList<int> previous = inputDegrees;
        for (var i = 0; i < hidden.Count; i++)
        {
            var degrees = MadeMasks.HiddenDegrees(hidden[i], latent);
            layers[i] = MaskedLinear.Create(MadeMasks.Mask(previous, degrees, strict: false), rng.Split());
            previous = degrees;
        }
        var context = contextSize > 0 ? Linear.Create(contextSize, hidden[0], rng.Split(), bias: false) : null;
        var meanHead = MaskedLinear.Create(MadeMasks.Mask(previous, inputDegrees, strict: true), rng.Split());
        var scaleHead = MaskedLinear.Create(MadeMasks.Mask(previous, inputDegrees, strict: true), rng.Split());
        scaleHead.Bias!.Data.Fill(InitialScaleBias);
        return new IafStep(layers, context, meanHead, scaleHead, activation, inputDegrees);
    }

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        if (z.Shape.Last != Latent) throw new ArgumentException($"IafStep: z has {z.Shape.Last} columns but the step has {Latent} dimensions.");
        var h = Hidden[0].Forward(z);
        if (Context is not null)
        {
            if (context is null) throw new ArgumentException("IafStep: this step was built with a context input; pass the context.");
            h = h.Add(Context.Forward(context));
        }
        h = h.Apply(Activation);
        for (var i = 1; i < Hidden.Count; i++) h = Hidden[i].Forward(h).Apply(Activation);
        var m = MeanHead.Forward(h);
        var s = ScaleHead.Forward(h);
        var zNew = m.Add(s.Sigmoid().Multiply(z.Subtract(m))); // σ z + (1 - σ) m
        return (zNew, s.LogSigmoid().Sum(axis: -1));
    }
}

/// <summary>The options of <c>iaf</c>.</summary>
public sealed record IafOptions(
    [Option("number of transforms", Min = 0)] int Length = 4,
    [Option("MADE hidden layer widths", ElementMin = 1, Default = "[100]")] ValueList<int>? Hidden = null) : IFlowOptions
{
    public ValueList<int> Hidden { get; init; } = Hidden ?? [100];
}
