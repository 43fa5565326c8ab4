using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Priors;

/// <summary>
/// A learnable mixture of M diagonal Gaussians, p(z) = Σ_m softmax(Logits)_m N(z; mu_m, sigma_m^2)
/// (as in Dilokthanakul et al. 2016 and the "MoG" baseline of Tomczak and Welling 2018, section 3):
/// mixing logits, means and log-stds are all trained.
/// </summary>
public sealed record MixtureOfGaussiansPrior(Tensor Logits, Tensor Means, Tensor LogStds) : Module, IPrior
{
    public int Latent => Means.Shape.Last;

    private MixtureOfGaussians Distribution => new(Logits, Means, LogStds);

    /// <summary>Equal weights, unit stds and means drawn from N(0, I), so the components start apart.</summary>
    public static PriorDeclaration<MixtureOfGaussiansOptions> Declaration { get; } = new("mixture_of_gaussians",
        "Mixture of diagonal Gaussians with learned means and variances", (options, model, _, rng) => Create(options.Components, model.Latent, rng));

    public static MixtureOfGaussiansPrior Create(int m, int latent, Rng rng)
    {
        if (m < 1) throw new ArgumentException($"Setting 'components' must be positive, got {m}.");
        var means = Initializers.Parameter(new Shape(m, latent));
        rng.Normal(means.Data); // a fresh host parameter: the model is moved to its device after construction
        return new MixtureOfGaussiansPrior(Initializers.Parameter(new Shape(m)), means, Initializers.Parameter(new Shape(m, latent)));
    }

    public Tensor LogProb(Tensor z) => Distribution.LogProb(z);

    public Tensor Sample(int n, Rng rng) => Distribution.Sample(n, rng);

    /// <summary>log p(z), [N].</summary>
    public override Tensor Forward(Tensor x) => LogProb(x);
}

/// <summary>The options of <c>mixture_of_gaussians</c>.</summary>
public sealed record MixtureOfGaussiansOptions([Option("number of mixture components", Min = 1)] int Components = 10);
