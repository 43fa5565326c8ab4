using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A planar flow step whose parameters u, w [D] and b are computed per row from the context
/// (the encoder's hidden state) by a linear head: the amortized form used for VAEs.
/// </summary>
/// <remarks>
/// Rezende and Mohamed 2015, "Variational Inference with Normalizing Flows", eq. 10-12 with the
/// invertibility reparameterization of appendix A.1 (see <see cref="PlanarFlow"/>, whose
/// <see cref="PlanarFlow.Apply"/> does the math). As in the paper's amortized inference
/// (sections 4.2-4.3), the flow parameters are outputs of the inference network, so each data
/// point gets its own flow.
/// </remarks>
public sealed record AmortizedPlanarFlow(Linear Head) : FlowTransform
{
    public int Latent => (Head.OutFeatures - 1) / 2;

    /// <summary>
    /// A head [contextSize, 2D + 1] with Glorot weights; its bias starts like a global planar
    /// step's parameters (u ~ U(-0.1, 0.1), w ~ U(-a, a) with a = sqrt(3 / D), b = 0).
    /// </summary>
    public static FlowDeclaration<AmortizedPlanarOptions> Declaration { get; } = new("planar_amortized",
        "Planar flow whose u, w, b come from the encoder's hidden state, per data point (Rezende & Mohamed 2015, section 4)",
        (_, step) => Create(step.Latent, step.ContextSize, step.Rng));

    public static AmortizedPlanarFlow Create(int latent, int contextSize, Rng rng)
    {
        if (contextSize < 1) throw new ArgumentException("An amortized planar flow needs a context (the encoder's hidden state).", nameof(contextSize));
        var head = Linear.Create(contextSize, 2 * latent + 1, rng.Split());
        var bias = head.Bias!.Data;
        rng.Uniform(bias[..latent], -0.1f, 0.1f);
        var a = MathF.Sqrt(3f / latent);
        rng.Uniform(bias.Slice(latent, latent), -a, a);
        return new AmortizedPlanarFlow(head);
    }

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        var d = Latent;
        if (z.Shape.Last != d) throw new ArgumentException($"AmortizedPlanarFlow: z has {z.Shape.Last} columns but the flow has {d} dimensions.");
        if (context is null) throw new ArgumentException("AmortizedPlanarFlow: pass the context; its parameters are computed from it.");
        var parameters = Head.Forward(context); // [N, 2D + 1]
        return PlanarFlow.Apply(z, parameters.Slice(1, 0, d), parameters.Slice(1, d, d), parameters.Slice(1, 2 * d, 1));
    }
}

/// <summary>The options of <c>planar_amortized</c>.</summary>
public sealed record AmortizedPlanarOptions([Option("number of transforms", Min = 0)] int Length = 10) : IFlowOptions;
