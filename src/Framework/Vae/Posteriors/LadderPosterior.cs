using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Posteriors;

/// <summary>
/// The ladder VAE's posterior (Sønderby et al. 2016, eq. 17-21): a deterministic bottom-up pass
/// d_l = MLP(d_{l-1}) gives a Gaussian estimate N(mu_hat_l, sigma_hat_l^2) per stochastic layer;
/// inference then runs top-down, sampling z_L from the top estimate and each lower z_l from the
/// precision-weighted combination of its estimate with the generative p(z_l | z_{l+1}):
/// sigma_q^2 = 1 / (sigma_hat^-2 + sigma_p^-2), mu_q = (mu_hat sigma_hat^-2 + mu_p sigma_p^-2) sigma_q^2.
/// </summary>
/// <remarks>
/// <see cref="TopDown"/> is the generative path p(z_l | z_{l+1}); the "hierarchical" prior built
/// for a ladder posterior uses these same layers (shared parameters, listed once by
/// <see cref="Module.NamedParameters"/>), so inference and generation share the top-down path as
/// in the paper. log-std heads are used where the paper has a softplus variance head.
/// </remarks>
/// <param name="BottomUp">BottomUp[0] reads x; BottomUp[l] reads the hidden state of BottomUp[l-1].</param>
/// <param name="TopDown">TopDown[l] maps z_{l+2} to p(z_{l+1} | z_{l+2}) (0-based: layer l+1 to layer l).</param>
public sealed record LadderPosterior(IReadOnlyList<GaussianLayer> BottomUp, IReadOnlyList<GaussianLayer> TopDown)
    : Module, IPosterior, ILatentLayout
{
    public int Latent => BottomUp.Sum(l => l.OutFeatures);

    public IReadOnlyList<int> LayerSizes => BottomUp.Select(l => l.OutFeatures).ToArray();

    public static PosteriorDeclaration<NoOptions> Declaration { get; } = new("ladder", "Ladder-style top-down inference over model.layers",
        (_, model, rng) => Create(model, rng));

    public static LadderPosterior Create(ComponentOptions options, Rng rng)
    {
        var h = HierarchyOptions.From(options);
        var count = h.Sizes.Count;
        var bottomUp = new GaussianLayer[count];
        bottomUp[0] = GaussianLayer.Create(options.InputSize, options.Hidden, h.Sizes[0], options.Activation, rng.Split());
        for (var l = 1; l < count; l++)
            bottomUp[l] = GaussianLayer.Create(bottomUp[l - 1].HiddenFeatures, h.HiddenBetween(l), h.Sizes[l], options.Activation, rng.Split());
        return new LadderPosterior(bottomUp, HierarchicalConditionals.Create(h, options.Activation, rng.Split()));
    }

    public PosteriorSample Sample(Tensor x, int k, Rng rng)
    {
        var estimates = BottomUpPass(x);
        var count = estimates.Length;
        var top = estimates[count - 1];
        var z = top.RSample(k, rng);
        var logQ = top.LogProb(z);
        var all = z;
        for (var l = count - 2; l >= 0; l--)
        {
            var q = Combine(estimates[l], TopDown[l].Distribution(z));
            z = q.RSample(1, rng);
            logQ = logQ.Add(q.LogProb(z));
            all = z.Concat(all, axis: 1); // z1 first
        }
        return new PosteriorSample(all, logQ, null);
    }

    /// <summary>The mean code: the top estimate's mean, then each combined mean given the mean above.</summary>
    public override Tensor Forward(Tensor x)
    {
        var estimates = BottomUpPass(x);
        var z = estimates[^1].Mean;
        var all = z;
        for (var l = estimates.Length - 2; l >= 0; l--)
        {
            z = Combine(estimates[l], TopDown[l].Distribution(z)).Mean;
            all = z.Concat(all, axis: 1);
        }
        return all;
    }

    private DiagonalNormal[] BottomUpPass(Tensor x)
    {
        var estimates = new DiagonalNormal[BottomUp.Count];
        var d = x;
        for (var l = 0; l < BottomUp.Count; l++)
        {
            d = BottomUp[l].Hidden(d);
            estimates[l] = BottomUp[l].FromHidden(d);
        }
        return estimates;
    }

    /// <summary>
    /// The precision-weighted combination (eq. 19-21) of a bottom-up estimate [B, D] with a top-down
    /// Gaussian [K*B, D], in log space: with a = -2 log sigma_hat and b = -2 log sigma_p (log precisions),
    /// log sigma_q = -(a + softplus(b - a)) / 2 and mu_q = mu_p + (mu_hat - mu_p) sigmoid(a - b).
    /// </summary>
    public static DiagonalNormal Combine(DiagonalNormal estimate, DiagonalNormal topDown)
    {
        var b = estimate.Rows;
        var pMean = SampleMajor.Split(topDown.Mean, b, "LadderPosterior.Combine");
        var pLogPrecision = SampleMajor.Split(topDown.LogStd, b, "LadderPosterior.Combine").MulScalar(-2f);
        var eLogPrecision = estimate.LogStd.MulScalar(-2f);
        var logStd = pLogPrecision.Subtract(eLogPrecision).Softplus().Add(eLogPrecision).MulScalar(-0.5f);
        var mean = estimate.Mean.Subtract(pMean).Multiply(eLogPrecision.Subtract(pLogPrecision).Sigmoid()).Add(pMean);
        var (n, d) = (topDown.Rows, topDown.Dim);
        return new DiagonalNormal(mean.Reshape(n, d), logStd.Reshape(n, d));
    }
}
