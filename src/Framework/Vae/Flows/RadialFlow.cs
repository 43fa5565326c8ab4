using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A radial flow step, f(z) = z + β h(α, r) (z - z0) with h = 1 / (α + r), r = ‖z - z0‖, with
/// global parameters z0 [D] and unconstrained α̃, β̃ [1].
/// </summary>
/// <remarks>
/// Rezende and Mohamed 2015, "Variational Inference with Normalizing Flows", eq. 14:
/// log|det ∂f/∂z| = (d - 1) log(1 + βh) + log(1 + βh + βh'(α, r) r), h' = -1 / (α + r)².
/// Invertibility (appendix A.2) needs β ≥ -α; here α = softplus(α̃) &gt; 0 and
/// β = -α + softplus(β̃) &gt; -α, recomputed in every forward. Both factors are evaluated as
/// ratios of non-negative sums, which are positive without cancellation:
/// 1 + βh = (r + softplus(β̃)) / (α + r) and
/// 1 + βh + βh'r = 1 + αβh² = (r² + 2αr + α softplus(β̃)) / (α + r)².
/// The gradient is undefined at z = z0 exactly (r = 0), a set of measure zero.
/// </remarks>
public sealed record RadialFlow(Tensor Z0, Tensor AlphaRaw, Tensor BetaRaw) : FlowTransform
{
    public int Latent => Z0.Shape[0];

    /// <summary>z0 ~ N(0, I), α̃ and β̃ ~ U(-1, 1).</summary>
    public static FlowDeclaration<RadialOptions> Declaration { get; } = new("radial", "Radial flow on a diagonal Gaussian (Rezende & Mohamed 2015)",
        (_, step) => Create(step.Latent, step.Rng));

    public static RadialFlow Create(int latent, Rng rng)
    {
        var z0 = Initializers.Parameter(new Shape(latent));
        var alpha = Initializers.Parameter(new Shape(1));
        var beta = Initializers.Parameter(new Shape(1));
        rng.Normal(z0.Data);
        rng.Uniform(alpha.Data, -1f, 1f);
        rng.Uniform(beta.Data, -1f, 1f);
        return new RadialFlow(z0, alpha, beta);
    }

    /// <summary>α = softplus(α̃) &gt; 0 and β = -α + softplus(β̃) &gt; -α, each [1].</summary>
    public (Tensor Alpha, Tensor Beta) Constrained()
    {
        var alpha = AlphaRaw.Softplus();
        return (alpha, BetaRaw.Softplus().Subtract(alpha));
    }

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        var (n, d) = (z.Shape.Rows, z.Shape.Last);
        if (d != Latent) throw new ArgumentException($"RadialFlow: z has {d} columns but the flow has {Latent} dimensions.");
        var (alpha, beta) = Constrained();
        var softplusBeta = BetaRaw.Softplus();
        var diff = z.Subtract(Z0);
        var r = diff.Square().Sum(axis: -1, keepDim: true).Sqrt(); // [N, 1]
        var alphaPlusR = r.Add(alpha);
        var logAlphaPlusR = alphaPlusR.Log();
        var betaH = beta.Divide(alphaPlusR);
        var zNew = z.Add(diff.Multiply(betaH));
        var logFirst = r.Add(softplusBeta).Log().Subtract(logAlphaPlusR); // log(1 + βh)
        var logSecond = r.Square().Add(r.Multiply(alpha).MulScalar(2f)).Add(alpha.Multiply(softplusBeta)).Log()
            .Subtract(logAlphaPlusR.MulScalar(2f)); // log(1 + βh + βh'r)
        var logDet = logFirst.MulScalar(d - 1).Add(logSecond).Reshape(n);
        return (zNew, logDet);
    }
}

/// <summary>The options of <c>radial</c>.</summary>
public sealed record RadialOptions([Option("number of transforms", Min = 0)] int Length = 10) : IFlowOptions;
