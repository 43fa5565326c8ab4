using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Likelihoods;

/// <summary>How a Gaussian likelihood gets its standard deviation.</summary>
public enum GaussianVariance
{
    /// <summary>One fixed sigma for every pixel (setting "variance").</summary>
    Fixed,

    /// <summary>A learned log-sigma per pixel, shared by all data points (setting "learned_variance").</summary>
    Learned,

    /// <summary>The decoder outputs a log-sigma per pixel and data point, 2 outputs per pixel (setting "decoder_variance").</summary>
    Decoder,
}

/// <summary>
/// p(x|z) = N(x; mu(z), diag(sigma^2)) with the decoder's output as the mean (Kingma and Welling
/// 2014, appendix C.2) and sigma fixed, learned per pixel, or output by the decoder. Settings
/// (the spec's keys, see Specs/ComponentCatalog): "variance" (sigma^2: the fixed value, or the
/// initial one when learned; default 1), "learned_variance" (default false) and
/// "decoder_variance" (default false); at most one of the last two may be true.
/// </summary>
/// <param name="LogStd">The learned log-sigma [P] (Learned), or null.</param>
public sealed record GaussianLikelihood(GaussianVariance Variance, float FixedLogStd, Tensor? LogStd) : Module, ILikelihood
{
    public int ParametersPerPixel => Variance == GaussianVariance.Decoder ? 2 : 1;

    public static LikelihoodDeclaration<GaussianLikelihoodOptions> Declaration { get; } = new("gaussian", "Diagonal Gaussian",
        (options, model, _) => Create(options, model.InputSize));

    public static GaussianLikelihood Create(GaussianLikelihoodOptions options, int inputSize)
    {
        var (learned, decoder, variance) = (options.LearnedVariance, options.DecoderVariance, options.Variance);
        if (learned && decoder)
            throw new ArgumentException("Settings 'learned_variance' and 'decoder_variance' are exclusive: the variance is either a learned parameter per pixel or a decoder output.");
        if (!(variance > 0) || double.IsPositiveInfinity(variance)) throw new ArgumentException($"Setting 'variance' must be positive and finite, got {variance}.");
        var logStd = (float)(0.5 * Math.Log(variance));
        var kind = decoder ? GaussianVariance.Decoder : learned ? GaussianVariance.Learned : GaussianVariance.Fixed;
        Tensor? perPixel = null;
        if (kind == GaussianVariance.Learned)
        {
            perPixel = Initializers.Parameter(new Shape(inputSize));
            perPixel.Data.Fill(logStd); // a fresh host parameter: the model is moved to its device after construction
        }
        return new GaussianLikelihood(kind, logStd, perPixel);
    }

    /// <summary>A Gaussian likelihood with a fixed sigma.</summary>
    public static GaussianLikelihood WithFixedStd(float std) => new(GaussianVariance.Fixed, MathF.Log(std), null);

    public Tensor LogProb(Tensor x, Tensor decoderOutput)
    {
        var b = x.Shape.Rows;
        var (mean, logStd) = Parameters(decoderOutput);
        var m = SampleMajor.Split(mean, b, "GaussianLikelihood.LogProb");
        var s = Variance == GaussianVariance.Decoder ? SampleMajor.Split(logStd, b, "GaussianLikelihood.LogProb") : logStd;
        return NormalDensity.LogDensity(x, m, s).Sum(axis: -1).Reshape(mean.Shape.Rows);
    }

    public Tensor Mean(Tensor decoderOutput) => Parameters(decoderOutput).Mean;

    public Tensor Sample(Tensor decoderOutput, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        var (mean, logStd) = Parameters(decoderOutput);
        return HostDraws.Normal(mean.Shape, rng, mean.Device).Multiply(logStd.Exp()).Add(mean);
    }

    /// <summary>The mean [N, P] and the log-sigma: [N, P] (Decoder), [P] (Learned) or a scalar (Fixed).</summary>
    private (Tensor Mean, Tensor LogStd) Parameters(Tensor output) => Variance switch
    {
        GaussianVariance.Decoder => (output.Slice(1, 0, output.Shape.Last / 2), output.Slice(1, output.Shape.Last / 2, output.Shape.Last / 2)),
        GaussianVariance.Learned => (output, LogStd!),
        _ => (output, Tensor.Scalar(FixedLogStd, output.Device)),
    };

    /// <summary>The mean of p(x|z).</summary>
    public override Tensor Forward(Tensor x) => Mean(x);
}

/// <summary>The options of the <c>gaussian</c> likelihood.</summary>
public sealed record GaussianLikelihoodOptions(
    [Option("learn a per-pixel variance instead of a fixed one")] bool LearnedVariance = false,
    [Option("the decoder outputs a variance per pixel and data point")] bool DecoderVariance = false,
    [Option("the fixed variance, or the initial one when learned", Min = 0, MinOpen = true)] double Variance = 1.0);
