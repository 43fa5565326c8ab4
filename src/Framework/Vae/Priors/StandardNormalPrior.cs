using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Priors;

/// <summary>p(z) = N(0, I) (Kingma and Welling 2014); has the closed-form KL to a diagonal Gaussian posterior.</summary>
/// <remarks>
/// It has no parameters, but a module's draws must land on the model's device: the zero mean is a
/// buffer (as PyTorch code registers one), so <see cref="Module.To"/> moves it with the model and
/// <see cref="Sample"/> puts its draws where it lives.
/// </remarks>
public sealed record StandardNormalPrior(int Latent) : Module, IPrior
{
    /// <summary>The mean, zeros [D], kept for its device.</summary>
    [Buffer]
    public Tensor Origin { get; } = Tensor.Zeros(new Shape(Latent));

    public static PriorDeclaration<NoOptions> Declaration { get; } = new("standard_normal", "N(0, I)", (_, o, _, _) => new StandardNormalPrior(o.Latent));

    public Tensor LogProb(Tensor z) => StandardNormal.LogProb(z);

    public Tensor Sample(int n, Rng rng) => StandardNormal.Sample(n, Latent, rng, Origin.Device);

    public Tensor? AnalyticKlPerDimension(DiagonalNormal q) => q.KlPerDimensionToStandardNormal();

    /// <summary>log p(z), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}
