using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.TestComponents;

/// <summary>
/// A flow that exists only in this test project, to show that a new flow is one file: z' = z ⊙ e^s + t
/// with learned s, t [D]; log|det ∂z'/∂z| = Σ_d s_d for every row. Declaring it is registering it:
/// specs may name it, the generated reference lists it and the flow conformance battery runs over it.
/// </summary>
public sealed record ElementwiseAffineFlow(Tensor LogScale, Tensor Shift) : FlowTransform
{
    public static FlowDeclaration<ElementwiseAffineOptions> Declaration { get; } = new("elementwise_affine",
        "Test-only flow: z e^s + t with learned s, t", (_, step) => Create(step.Latent, step.Rng));

    /// <summary>s, t ~ U(-0.1, 0.1): close to the identity.</summary>
    public static ElementwiseAffineFlow Create(int latent, Rng rng)
    {
        var s = Initializers.Parameter(new Shape(latent));
        var t = Initializers.Parameter(new Shape(latent));
        rng.Uniform(s.Data, -0.1f, 0.1f);
        rng.Uniform(t.Data, -0.1f, 0.1f);
        return new ElementwiseAffineFlow(s, t);
    }

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        var next = z.Multiply(LogScale.Exp()).Add(Shift);
        var logDet = LogScale.Sum().Reshape(1).Expand(new Shape(z.Shape.Rows));
        return (next, logDet);
    }
}

public sealed record ElementwiseAffineOptions([Option("number of transforms", Min = 0)] int Length = 3) : IFlowOptions;
