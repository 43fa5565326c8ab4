using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A planar flow step, f(z) = z + û tanh(wᵀz + b), with global parameters u, w [D] and b [1].
/// </summary>
/// <remarks>
/// Rezende and Mohamed 2015, "Variational Inference with Normalizing Flows", eq. 10-12:
/// f(z) = z + u h(wᵀz + b), ψ(z) = h'(wᵀz + b) w, log|det ∂f/∂z| = log|1 + uᵀψ(z)|.
/// Invertibility (appendix A.1) needs wᵀu ≥ -1 for h = tanh; it is enforced in every forward
/// (never stored, so it holds after any parameter update) by using
/// û = u + (m(wᵀu) - wᵀu) w / ‖w‖² with m(a) = -1 + softplus(a), so that wᵀû = m(wᵀu) &gt; -1.
/// Then 1 + ûᵀψ = 1 + h'(a) m(wᵀu) = h(a)² + h'(a) softplus(wᵀu) with h' = 1 - h², a sum of
/// non-negative terms: it is computed in that form, which is positive and free of cancellation.
/// Likewise m(a) - a = softplus(-a) - 1.
/// </remarks>
public sealed record PlanarFlow(Tensor U, Tensor W, Tensor B) : FlowTransform
{
    public int Latent => W.Shape[0];

    public static FlowDeclaration<PlanarOptions> Declaration { get; } = new("planar", "Planar flow on a diagonal Gaussian (Rezende & Mohamed 2015)",
        (_, step) => Create(step.Latent, step.Rng));

    /// <summary>u ~ U(-0.1, 0.1), w ~ U(-a, a) with a = sqrt(3 / D) (so wᵀz has about unit scale for z ~ N(0, I)), b = 0.</summary>
    public static PlanarFlow Create(int latent, Rng rng)
    {
        var u = Initializers.Parameter(new Shape(latent));
        var w = Initializers.Parameter(new Shape(latent));
        var b = Initializers.Parameter(new Shape(1));
        rng.Uniform(u.Data, -0.1f, 0.1f);
        var a = MathF.Sqrt(3f / latent);
        rng.Uniform(w.Data, -a, a);
        return new PlanarFlow(u, w, b);
    }

    /// <summary>û [D], the reparameterized u with wᵀû = -1 + softplus(wᵀu) &gt; -1 (appendix A.1).</summary>
    public Tensor ConstrainedU() => Constrain(U, W);

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        if (z.Shape.Last != Latent) throw new ArgumentException($"PlanarFlow: z has {z.Shape.Last} columns but the flow has {Latent} dimensions.");
        return Apply(z, U, W, B);
    }

    /// <summary>
    /// û = u + (m(wᵀu) - wᵀu) w / ‖w‖², over the last dimension: u, w [D] give [D]; per-row
    /// u, w [N, D] give [N, D].
    /// </summary>
    public static Tensor Constrain(Tensor u, Tensor w)
    {
        var wu = w.Multiply(u).Sum(axis: -1, keepDim: true);
        var step = wu.Negate().Softplus().AddScalar(-1f).Divide(w.Square().Sum(axis: -1, keepDim: true)); // (m(wᵀu) - wᵀu) / ‖w‖²
        return u.Add(w.Multiply(step));
    }

    /// <summary>
    /// The planar map and its log-det (see remarks) for z [N, D] with shared parameters
    /// (u, w [D], b [1]) or per-row ones (u, w [N, D], b [N, 1]).
    /// </summary>
    public static (Tensor Z, Tensor LogAbsDetJacobian) Apply(Tensor z, Tensor u, Tensor w, Tensor b)
    {
        var n = z.Shape.Rows;
        var uHat = Constrain(u, w);
        var h = z.Multiply(w).Sum(axis: -1, keepDim: true).Add(b).Tanh(); // [N, 1]
        var zNew = z.Add(h.Multiply(uHat));
        // 1 + ûᵀψ = h² + (1 - h²) softplus(wᵀu) (see remarks).
        var h2 = h.Square();
        var softplusWu = w.Multiply(u).Sum(axis: -1, keepDim: true).Softplus();
        var logDet = h2.Add(h2.Negate().AddScalar(1f).Multiply(softplusWu)).Log().Reshape(n);
        return (zNew, logDet);
    }
}

/// <summary>The options of <c>planar</c>.</summary>
public sealed record PlanarOptions([Option("number of transforms", Min = 0)] int Length = 10) : IFlowOptions;
