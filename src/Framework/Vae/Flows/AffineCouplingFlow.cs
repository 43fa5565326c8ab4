using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A RealNVP affine coupling step with a checkerboard mask b over the coordinates:
/// z' = b ⊙ z + (1 - b) ⊙ (z ⊙ exp(s(b ⊙ z, h)) + t(b ⊙ z, h)), log|det J| = Σ (1 - b) ⊙ s.
/// </summary>
/// <remarks>
/// Dinh et al. 2017, "Density Estimation using Real NVP", eq. 6-9 (masked coupling, eq. 9).
/// The log-scale is bounded, s = c ⊙ tanh(ŝ) with a learned per-coordinate factor c, so no
/// single step can blow up at the start of training. The conditioner is an MLP of
/// the kept coordinates and, for amortized use, the context h, which enters its first layer.
/// Stacked steps alternate the mask (<c>flipMask</c>) so every coordinate gets transformed.
/// </remarks>
public sealed record AffineCouplingFlow(
    Linear Input,
    Linear? Context,
    IReadOnlyList<Linear> Hidden,
    Linear ScaleHead,
    Linear ShiftHead,
    Tensor ScaleFactor,
    Activation Activation,
    [property: Buffer] Tensor Kept,
    [property: Buffer] Tensor Transformed) : FlowTransform
{
    public int Latent => Kept.Shape[0];

    /// <summary>Steps alternate the mask, so every coordinate is transformed.</summary>
    public static FlowDeclaration<RealNvpOptions> Declaration { get; } = new("realnvp", "RealNVP affine coupling flow (Dinh et al. 2017)",
        (options, step) => Create(step.Latent, step.ContextSize, options.Hidden, step.Rng, flipMask: step.Index % 2 == 1));

    /// <summary>Two hidden layers of width max(16, 2D).</summary>
    public static IReadOnlyList<int> DefaultHidden(int latent) => [Math.Max(16, 2 * latent), Math.Max(16, 2 * latent)];

    /// <summary>
    /// Keeps the even coordinates (odd ones when <paramref name="flipMask"/>) and transforms the
    /// others; the scale factor c starts at 1.
    /// </summary>
    public static AffineCouplingFlow Create(int latent, int contextSize, IReadOnlyList<int> hidden, Rng rng, bool flipMask = false, Activation activation = Activation.Tanh)
    {
        if (hidden.Count == 0) throw new ArgumentException("A coupling step needs at least one hidden layer.", nameof(hidden));
        var input = Linear.Create(latent, hidden[0], rng.Split());
        var context = contextSize > 0 ? Linear.Create(contextSize, hidden[0], rng.Split(), bias: false) : null;
        var layers = new Linear[hidden.Count - 1];
        for (var i = 0; i < layers.Length; i++) layers[i] = Linear.Create(hidden[i], hidden[i + 1], rng.Split());
        var scale = Linear.Create(hidden[^1], latent, rng.Split());
        var shift = Linear.Create(hidden[^1], latent, rng.Split());
        var factor = Initializers.Parameter(new Shape(latent));
        factor.Data.Fill(1f);
        // Host buffers, written here and moved with the model (Module.To).
        var kept = Tensor.Zeros(new Shape(latent));
        var transformed = Tensor.Zeros(new Shape(latent));
        for (var i = 0; i < latent; i++)
        {
            var keep = (i % 2 == 0) != flipMask;
            (keep ? kept : transformed).Data[i] = 1f;
        }
        return new AffineCouplingFlow(input, context, layers, scale, shift, factor, activation, kept, transformed);
    }

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        if (z.Shape.Last != Latent) throw new ArgumentException($"AffineCouplingFlow: z has {z.Shape.Last} columns but the step has {Latent} dimensions.");
        var h = Input.Forward(z.Multiply(Kept));
        if (Context is not null)
        {
            if (context is null) throw new ArgumentException("AffineCouplingFlow: this step was built with a context input; pass the context.");
            h = h.Add(Context.Forward(context));
        }
        h = h.Apply(Activation);
        foreach (var layer in Hidden) h = layer.Forward(h).Apply(Activation);
        // s is zero on the kept coordinates, so Σ s is the log-det; the kept part is copied exactly.
        var s = ScaleHead.Forward(h).Tanh().Multiply(ScaleFactor).Multiply(Transformed);
        var t = ShiftHead.Forward(h);
        var zNew = z.Multiply(Kept).Add(z.Multiply(s.Exp()).Add(t).Multiply(Transformed));
        return (zNew, s.Sum(axis: -1));
    }
}

/// <summary>The options of <c>realnvp</c>.</summary>
public sealed record RealNvpOptions(
    [Option("number of coupling layers", Min = 0)] int Length = 4,
    [Option("coupling network hidden widths", ElementMin = 1, Default = "[100]")] ValueList<int>? Hidden = null) : IFlowOptions
{
    public ValueList<int> Hidden { get; init; } = Hidden ?? [100];
}
