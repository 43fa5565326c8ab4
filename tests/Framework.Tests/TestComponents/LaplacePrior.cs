using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Tests.TestComponents;

/// <summary>
/// A prior that exists only in this test project, to show that a new prior is one file: independent
/// Laplace(0, b) coordinates, log p(z) = Σ_d (-|z_d| / b - log 2b). A zero buffer carries the model's
/// device, so draws (made on the host by the inverse CDF) land where the model lives.
/// </summary>
public sealed record LaplacePrior(int Latent, float Scale) : Module, IPrior
{
    public static PriorDeclaration<LaplaceOptions> Declaration { get; } = new("laplace", "Test-only prior: independent Laplace(0, scale)",
        (options, model, _, _) => new LaplacePrior(model.Latent, (float)options.Scale));

    [Buffer]
    public Tensor Origin { get; } = Tensor.Zeros(new Shape(Latent));

    public Tensor LogProb(Tensor z) => z.Abs().Sum(-1).MulScalar(-1f / Scale).AddScalar(-Latent * MathF.Log(2f * Scale));

    public Tensor Sample(int n, Rng rng)
    {
        var u = new float[n * Latent];
        rng.Uniform(u, -0.5f, 0.5f);
        for (var i = 0; i < u.Length; i++) u[i] = -Scale * MathF.Sign(u[i]) * MathF.Log(1f - 2f * MathF.Abs(u[i]));
        return Tensor.FromArray(u, new Shape(n, Latent), Origin.Device);
    }

    public override Tensor Forward(Tensor x) => LogProb(x);
}

public sealed record LaplaceOptions([Option("scale b of every coordinate", Min = 0, MinOpen = true)] double Scale = 1.0);
