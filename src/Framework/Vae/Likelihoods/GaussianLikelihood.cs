using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Likelihoods;

/// <summary>How a Gaussian likelihood gets its standard deviation.</summary>
public enum GaussianVariance
{
    /// <summary>One fixed sigma for every pixel (setting "std").</summary>
    Fixed,

    /// <summary>A learned log-sigma per pixel, shared by all data points.</summary>
    Learned,

    /// <summary>The decoder outputs a log-sigma per pixel and data point (2 outputs per pixel).</summary>
    Decoder,
}

/// <summary>
/// p(x|z) = N(x; mu(z), diag(sigma^2)) with the decoder's output as the mean (Kingma and Welling
/// 2014, appendix C.2) and sigma fixed, learned per pixel, or output by the decoder. Settings
/// "variance" (fixed | learned | decoder, default fixed) and "std" (the fixed or initial sigma, default 1).
/// </summary>
/// <param name="LogStd">The learned log-sigma [P] (Learned), or null.</param>
public sealed record GaussianLikelihood(GaussianVariance Variance, float FixedLogStd, Tensor? LogStd) : Module, ILikelihood
{
    public int ParametersPerPixel => Variance == GaussianVariance.Decoder ? 2 : 1;

    public static GaussianLikelihood Create(ComponentOptions options)
    {
        var name = options.GetString("variance", "fixed");
        if (!Enum.TryParse<GaussianVariance>(name, ignoreCase: true, out var variance))
            throw new ArgumentException($"Setting 'variance' must be one of fixed, learned, decoder; got '{name}'.");
        var std = options.GetDouble("std", 1.0);
        if (!(std > 0)) throw new ArgumentException($"Setting 'std' must be positive, got {std}.");
        var logStd = (float)Math.Log(std);
        Tensor? learned = null;
        if (variance == GaussianVariance.Learned)
        {
            learned = Initializers.Parameter(new Shape(options.InputSize));
            learned.Data.Fill(logStd);
        }
        return new GaussianLikelihood(variance, logStd, learned);
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
        var eps = Tensor.Empty(mean.Shape);
        rng.Normal(eps.Data);
        return eps.Multiply(logStd.Exp()).Add(mean);
    }

    /// <summary>The mean [N, P] and the log-sigma: [N, P] (Decoder), [P] (Learned) or a scalar (Fixed).</summary>
    private (Tensor Mean, Tensor LogStd) Parameters(Tensor output) => Variance switch
    {
        GaussianVariance.Decoder => (output.Slice(1, 0, output.Shape.Last / 2), output.Slice(1, output.Shape.Last / 2, output.Shape.Last / 2)),
        GaussianVariance.Learned => (output, LogStd!),
        _ => (output, Tensor.Scalar(FixedLogStd)),
    };

    /// <summary>The mean of p(x|z).</summary>
    public override Tensor Forward(Tensor x) => Mean(x);
}
