using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae;
using Research.Framework.Vae.Likelihoods;

namespace Research.Framework.Tests.Vae.Likelihoods;

/// <summary>The Gaussian likelihood's three variance modes, built from the spec's setting names.</summary>
public class GaussianLikelihoodTests
{
    private static GaussianLikelihood Create(int pixels, params (string Key, object Value)[] settings) =>
        (GaussianLikelihood)GaussianLikelihood.Declaration.Build(new ComponentOptions(pixels, 1, [], Activation.Tanh, settings.ToDictionary(s => s.Key, s => s.Value)), new Rng(1));

    /// <summary>A resolved spec fills every catalog default: learned_variance false, decoder_variance false, variance 1.0.</summary>
    [Test]
    public void Create_SpecDefaults_IsFixedUnitVarianceWithoutParameters()
    {
        var likelihood = Create(3, ("learned_variance", false), ("decoder_variance", false), ("variance", 1.0));
        Assert.That(likelihood.Variance, Is.EqualTo(GaussianVariance.Fixed));
        Assert.That(likelihood.FixedLogStd, Is.EqualTo(0f));
        Assert.That(likelihood.Parameters(), Is.Empty);
        Assert.That(likelihood.ParametersPerPixel, Is.EqualTo(1));
    }

    [Test]
    public void Create_FixedVariance_UsesItsSquareRootAsSigma()
    {
        var likelihood = Create(3, ("variance", 0.25));
        Assert.That(likelihood.Variance, Is.EqualTo(GaussianVariance.Fixed));
        Assert.That(likelihood.FixedLogStd, Is.EqualTo(MathF.Log(0.5f)).Within(1e-7f));
    }

    [Test]
    public void Create_LearnedVariance_IsOneTrainedLogSigmaPerPixelStartingAtTheVariance()
    {
        var likelihood = Create(4, ("learned_variance", true), ("variance", 0.25));
        Assert.That(likelihood.Variance, Is.EqualTo(GaussianVariance.Learned));
        Assert.That(likelihood.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "log_std" }));
        Assert.That(likelihood.LogStd!.Shape, Is.EqualTo(new Shape(4)));
        Assert.That(likelihood.LogStd.ToArray(), Is.All.EqualTo(MathF.Log(0.5f)).Within(1e-7f));
        Assert.That(likelihood.LogStd.RequiresGrad, Is.True);
    }

    [Test]
    public void Create_LearnedAndDecoderVariance_IsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => Create(2, ("learned_variance", true), ("decoder_variance", true)));
        Assert.That(e!.Message, Does.Contain("learned_variance").And.Contain("decoder_variance"));
        Assert.Throws<ArgumentException>(() => Create(2, ("variance", 0.0)));
    }

    [Test]
    public void LogProb_LearnedLogSigmaAndMean_MatchFiniteDifferences()
    {
        var likelihood = Create(3, ("learned_variance", true), ("variance", 0.5));
        likelihood.LogStd!.CopyFrom([-0.3f, 0.2f, -0.8f]);
        var x = GradCheck.Uniform(1, new Shape(2, 3), 0f, 1f);
        var output = GradCheck.Uniform(2, new Shape(4, 3)); // K = 2
        GradCheck.Check(t => likelihood.LogProb(x, t[1]), [likelihood.LogStd, output], eps: 1e-3f);
    }

    /// <summary>
    /// With the mean fixed, maximizing Σ log N(x; mu, sigma_p^2) over the learned log-sigma has the
    /// closed-form optimum sigma_p = sqrt(mean_n (x_np - mu_np)^2), the residual RMS of pixel p:
    /// Adam reaches it within 0.5% (relative).
    /// </summary>
    [Test]
    public void LearnedVariance_FitByAdam_ConvergesToTheResidualRms()
    {
        const int n = 400, pixels = 3;
        float[] trueStd = [0.1f, 0.5f, 2f];
        var rng = new Rng(3);
        var mean = Tensor.Empty(new Shape(n, pixels));
        rng.Uniform(mean.Data);
        var x = Tensor.Empty(new Shape(n, pixels));
        for (var r = 0; r < n; r++)
        for (var p = 0; p < pixels; p++)
            x.Data[r * pixels + p] = mean.Data[r * pixels + p] + trueStd[p] * rng.NextNormal();
        var rms = Enumerable.Range(0, pixels).Select(p =>
            Math.Sqrt(Enumerable.Range(0, n).Average(r => Math.Pow((double)x.Data[r * pixels + p] - mean.Data[r * pixels + p], 2)))).ToArray();

        var likelihood = Create(pixels, ("learned_variance", true));
        var adam = new Adam(likelihood.Parameters(), lr: 0.05f);
        for (var step = 0; step < 600; step++)
        {
            using var scope = TensorScope.Begin();
            adam.ZeroGrad();
            likelihood.LogProb(x, mean).Mean().Negate().Backward();
            adam.Step();
        }
        var learned = likelihood.LogStd!.ToArray().Select(v => Math.Exp(v)).ToArray();
        for (var p = 0; p < pixels; p++)
        {
            Assert.That(learned[p], Is.EqualTo(rms[p]).Within(5e-3 * rms[p]), $"pixel {p}");
            Assert.That(rms[p], Is.EqualTo(trueStd[p]).Within(0.15 * trueStd[p]), $"pixel {p}: the data have the intended noise");
        }
    }
}
