using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// A Householder Sylvester flow step, z' = z + Q R1 tanh(R2 Qᵀ z + b), with Q a product of
/// Householder reflections and R1, R2 upper triangular (global parameters).
/// </summary>
/// <remarks>
/// van den Berg et al. 2018, "Sylvester Normalizing Flows for Variational Inference", section 2
/// (z' = z + Q R h(R̃ Qᵀ z + b), its determinant and invertibility condition) and section 3
/// (Householder Sylvester flows, H-SNF): Q = H_1 ⋯ H_H with
/// H_i = I - 2 v_i v_iᵀ / ‖v_i‖² (Tomczak and Welling 2016). By Sylvester's determinant identity
/// (their Theorem 1), det(I + Q R1 diag(h') R2 Qᵀ) = det(I + diag(h') R2 R1) = Π_i (1 + h'_i r1_ii r2_ii),
/// since R2 R1 is upper triangular. The diagonals are r_ii = tanh(r̃_ii), so |r1_ii r2_ii| &lt; 1 and,
/// with h = tanh (0 &lt; h' ≤ 1), every factor is positive: the step is invertible (their
/// condition r1_ii r2_ii &gt; -1/‖h'‖∞) after any parameter update. Rows are transformed as row
/// vectors: a = z Q R2ᵀ + b and z' = z + tanh(a) R1ᵀ Qᵀ.
/// </remarks>
public sealed record SylvesterFlow(
    Tensor Reflections,
    Tensor R1,
    Tensor R2,
    Tensor Diagonal1,
    Tensor Diagonal2,
    Tensor B,
    [property: Buffer] Tensor StrictUpper,
    [property: Buffer] Tensor Identity) : FlowTransform
{
    public int Latent => B.Shape[0];

    public static FlowDeclaration<SylvesterOptions> Declaration { get; } = new("sylvester",
        "Householder Sylvester flow with global parameters (van den Berg et al. 2018)",
        (_, step) => Create(step.Latent, DefaultReflections(step.Latent), step.Rng));

    /// <summary>min(D, 8) reflections: D of them reach every orthogonal matrix; 8 keeps large latents cheap.</summary>
    public static int DefaultReflections(int latent) => Math.Min(latent, 8);

    /// <summary>
    /// Householder vectors ~ N(0, I); off-diagonal R entries ~ N(0, 0.25 / D); diagonal
    /// pre-activations ~ U(-1, 1); b = 0.
    /// </summary>
    public static SylvesterFlow Create(int latent, int reflections, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reflections, 1);
        var v = Initializers.Parameter(new Shape(reflections, latent));
        var r1 = Initializers.Parameter(new Shape(latent, latent));
        var r2 = Initializers.Parameter(new Shape(latent, latent));
        var d1 = Initializers.Parameter(new Shape(latent));
        var d2 = Initializers.Parameter(new Shape(latent));
        var b = Initializers.Parameter(new Shape(latent));
        rng.Normal(v.Data);
        var std = 0.5f / MathF.Sqrt(latent);
        rng.Normal(r1.Data, 0f, std);
        rng.Normal(r2.Data, 0f, std);
        rng.Uniform(d1.Data, -1f, 1f);
        rng.Uniform(d2.Data, -1f, 1f);
        // Fresh host tensors (parameters and buffers alike): the model is moved to its device after construction.
        var strictUpper = Tensor.Zeros(new Shape(latent, latent));
        var identity = Tensor.Zeros(new Shape(latent, latent));
        for (var i = 0; i < latent; i++)
        {
            identity.Data[i * latent + i] = 1f;
            for (var j = i + 1; j < latent; j++) strictUpper.Data[i * latent + j] = 1f;
        }
        return new SylvesterFlow(v, r1, r2, d1, d2, b, strictUpper, identity);
    }

    /// <summary>Q = H_1 ⋯ H_H [D, D], orthogonal.</summary>
    public Tensor Orthogonal()
    {
        var d = Latent;
        Tensor? q = null;
        for (var i = 0; i < Reflections.Shape[0]; i++)
        {
            var v = Reflections.Slice(0, i, 1); // [1, D]
            var outer = v.Transpose().MatMul(v); // v vᵀ
            var reflection = Identity.Subtract(outer.Multiply(v.Square().Sum().Pow(-1f).MulScalar(2f)));
            q = q is null ? reflection : q.MatMul(reflection);
        }
        return q ?? throw new InvalidOperationException("A Sylvester flow needs at least one reflection.");
    }

    /// <summary>The upper-triangular R1 or R2: the strict upper part of the raw matrix plus tanh of the raw diagonal.</summary>
    private Tensor Triangular(Tensor raw, Tensor diagonal) =>
        raw.Multiply(StrictUpper).Add(Identity.Multiply(diagonal.Tanh()));

    public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
    {
        if (z.Shape.Last != Latent) throw new ArgumentException($"SylvesterFlow: z has {z.Shape.Last} columns but the flow has {Latent} dimensions.");
        var q = Orthogonal();
        var r1 = Triangular(R1, Diagonal1);
        var r2 = Triangular(R2, Diagonal2);
        var h = z.Linear(q.MatMul(r2.Transpose()), B).Tanh(); // tanh(R2 Qᵀ z + b) as rows
        var zNew = z.Add(h.MatMul(r1.Transpose().MatMul(q.Transpose())));
        var diagonalProduct = Diagonal1.Tanh().Multiply(Diagonal2.Tanh()); // r1_ii r2_ii
        var hPrime = h.Square().Negate().AddScalar(1f);
        var logDet = hPrime.Multiply(diagonalProduct).AddScalar(1f).Log().Sum(axis: -1);
        return (zNew, logDet);
    }
}

/// <summary>The options of <c>sylvester</c>.</summary>
public sealed record SylvesterOptions([Option("number of transforms", Min = 0)] int Length = 4) : IFlowOptions;
