using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Priors;

/// <summary>
/// The learned prior of a conditional VAE, p(z|y) = N(mu(y), diag(sigma(y)^2)) (Sohn et al. 2015,
/// section 4, the "prior network" p_theta(z|x) of eq. 4, here conditioned on the label). On one-hot y a
/// linear mean head and a linear log-std head are a learned Gaussian per class, the most any network of y
/// can express. The KL to a diagonal Gaussian posterior is the closed form between two Gaussians
/// (<see cref="DiagonalNormal.KlPerDimensionTo"/>).
/// </summary>
/// <remarks>
/// It is chosen by <c>model.condition.prior: conditional</c>, not by <c>model.prior</c>: without labels it
/// has no distribution. A view bound by <see cref="VaeModel.Given"/> carries the batch's one-hot rows
/// [B, C]; latent rows [K*B, D] are K sample-major repeats of them (Vae/Conventions.md).
/// </remarks>
public sealed record ConditionalGaussianPrior(GaussianLayer Network) : Module, IPrior
{
    /// <summary>The one-hot labels [B, C] this view is conditioned on (null on the trained model itself).</summary>
    [Buffer]
    public Tensor? Labels { get; init; }

    public int Latent => Network.OutFeatures;

    /// <summary>One mean and log-std head from the C one-hot inputs to the D latent units (each from its own child of <paramref name="rng"/>).</summary>
    public static ConditionalGaussianPrior Create(int classes, int latent, Rng rng) =>
        new(GaussianLayer.Create(classes, [], latent, Activation.Tanh, rng)); // no hidden layer, so the activation is unused

    /// <summary>p(z|y) for the bound labels: mean and log-std [B, D].</summary>
    public DiagonalNormal Distribution() => Network.Distribution(Labels ?? throw new InvalidOperationException(
        "The conditional prior p(z|y) needs labels (model.condition.prior: conditional): use VaeModel.Given(onehot(y))."));

    public Tensor LogProb(Tensor z) => Distribution().LogProb(z);

    /// <summary>n draws, n a multiple of the B bound labels: n / B sample-major draws per label, [n, D].</summary>
    public Tensor Sample(int n, Rng rng)
    {
        var p = Distribution();
        if (n % p.Rows != 0) throw new ArgumentException($"The conditional prior holds {p.Rows} labels, so it draws a multiple of {p.Rows} samples, not {n}.");
        return p.RSample(n / p.Rows, rng);
    }

    public Tensor? AnalyticKlPerDimension(DiagonalNormal q) => q.KlPerDimensionTo(Distribution());

    /// <summary>log p(z|y), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}
