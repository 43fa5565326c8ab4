using Research.Framework.Autodiff;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Likelihoods;

/// <summary>
/// p(x|z) = Π_i DiscretizedLogistic(x_i; mu_i(z), s_i(z)) over 256 intensity levels scaled to
/// [0, 1] (Kingma et al. 2016, IAF; Salimans et al. 2017, eq. 2): the decoder outputs a location
/// and a log-scale per pixel, [N, 2P] as [mu | log s].
/// </summary>
public sealed record DiscretizedLogisticLikelihood(int Bins = 256) : ILikelihood
{
    public int ParametersPerPixel => 2;

    public static LikelihoodDeclaration<DiscretizedLogisticOptions> Declaration { get; } = new("discretized_logistic",
        "Discretized logistic over pixel bins (Kingma et al. 2016)", (options, _, _) => Create(options.Bins));

    public static DiscretizedLogisticLikelihood Create(int bins)
    {
        if (bins < 2) throw new ArgumentException($"Setting 'bins' must be at least 2, got {bins}.");
        return new DiscretizedLogisticLikelihood(bins);
    }

    public Tensor LogProb(Tensor x, Tensor decoderOutput) => Distribution(decoderOutput).LogProb(x);

    public Tensor Mean(Tensor decoderOutput) => Distribution(decoderOutput).Location();

    public Tensor Sample(Tensor decoderOutput, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        return Distribution(decoderOutput).Sample(rng);
    }

    private DiscretizedLogistic Distribution(Tensor output)
    {
        var p = output.Shape.Last / 2;
        return new DiscretizedLogistic(output.Slice(1, 0, p), output.Slice(1, p, p), Bins);
    }
}

/// <summary>The options of <c>discretized_logistic</c>.</summary>
public sealed record DiscretizedLogisticOptions([Option("number of intensity levels", Min = 2)] int Bins = 256);
