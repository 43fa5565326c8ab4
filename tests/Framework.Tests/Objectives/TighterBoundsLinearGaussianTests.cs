using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Vae;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Objectives;

/// <summary>
/// The claims of Rainforth et al. 2018 ("Tighter variational bounds are not necessarily better"),
/// Roeder et al. 2017 (STL) and Tucker et al. 2018 (DReG), measured on the linear-Gaussian model with
/// the exact log p(x) (<see cref="LinearGaussianModel"/>): the bounds' order for the same total
/// samples, and the encoder gradient's variance and signal-to-noise ratio over independent draws.
/// Expectation claims use the mean over 200 data points with 4 standard errors of tolerance.
/// </summary>
public class TighterBoundsLinearGaussianTests
{
    private const int Points = 200;

    private static (double Mean, double Se) MeanDifference(float[] a, double[] b)
    {
        var d = a.Zip(b, (u, v) => u - v).ToArray();
        var m = d.Average();
        return (m, Math.Sqrt(d.Sum(v => (v - m) * (v - m)) / (d.Length - 1) / d.Length));
    }

    [Test]
    public void Bounds_ForTheSameTwelveSamples_AreOrdered_ElboMiwaeIwaeLogP_WithCiwaeBetweenElboAndIwae()
    {
        var model = LinearGaussianModel.Create();
        var x = LinearGaussianModel.Data(Points, new Rng(300));
        var logP = Enumerable.Range(0, Points).Select(r => LinearGaussianModel.LogMarginal(x.Row(r))).ToArray();
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        // The same rng: all bounds see the same 12 samples per point, so ELBO ≤ MIWAE(3, 4) ≤ IWAE_12 and ELBO ≤ CIWAE ≤ IWAE hold point by point (Jensen).
        var elbo = MiwaeObjective.Compute(model, x, new Rng(301), m: 12, k: 1).Bound.ToArray();
        var miwae = MiwaeObjective.Compute(model, x, new Rng(301), m: 3, k: 4).Bound.ToArray();
        var iwae = IwaeObjective.Compute(model, x, new Rng(301), k: 12).Bound.ToArray();
        var ciwae = CiwaeObjective.Compute(model, x, new Rng(301), k: 12, mix: 0.5f).Bound.ToArray();
        for (var r = 0; r < Points; r++)
        {
            Assert.That(miwae[r], Is.GreaterThanOrEqualTo(elbo[r] - 1e-4f), $"point {r}: ELBO ≤ MIWAE");
            Assert.That(iwae[r], Is.GreaterThanOrEqualTo(miwae[r] - 1e-4f), $"point {r}: MIWAE ≤ IWAE");
            Assert.That(ciwae[r], Is.InRange(elbo[r] - 1e-4f, iwae[r] + 1e-4f), $"point {r}: ELBO ≤ CIWAE ≤ IWAE");
        }
        // In expectation the gaps are strict, and IWAE_12 stays below the exact log p(x).
        var (gapElbo, seElbo) = MeanDifference(miwae, elbo.Select(v => (double)v).ToArray());
        var (gapIwae, seIwae) = MeanDifference(iwae, miwae.Select(v => (double)v).ToArray());
        var (gapCiwae, seCiwae) = MeanDifference(ciwae, elbo.Select(v => (double)v).ToArray());
        var (belowP, seP) = MeanDifference(iwae, logP);
        Assert.That(gapElbo, Is.GreaterThan(4 * seElbo), $"MIWAE(3,4) - ELBO = {gapElbo:G4} ± {seElbo:G3}");
        Assert.That(gapIwae, Is.GreaterThan(4 * seIwae), $"IWAE_12 - MIWAE(3,4) = {gapIwae:G4} ± {seIwae:G3}");
        Assert.That(gapCiwae, Is.GreaterThan(4 * seCiwae), $"CIWAE_0.5 - ELBO = {gapCiwae:G4} ± {seCiwae:G3}");
        Assert.That(belowP, Is.LessThan(4 * seP), $"IWAE_12 - log p(x) = {belowP:G4} ± {seP:G3}");
    }

    /// <summary>Encoder-gradient moments over <paramref name="draws"/> independent noise draws, for a fixed batch.</summary>
    private sealed record GradientMoments(double Variance, double Snr, double[] Mean);

    private static GradientMoments Measure(VaeModel model, Func<Tensor, Rng, Tensor> loss, Tensor x, int draws, ulong seed, bool encoder = true)
    {
        var encoderParameters = ((Module)model.Posterior).Parameters().ToHashSet(ReferenceEqualityComparer.Instance);
        var parameters = model.Parameters().Where(p => encoderParameters.Contains(p) == encoder).ToArray();
        foreach (var p in model.Parameters()) p.RequiresGrad = true;
        var n = parameters.Sum(p => p.Size);
        var samples = new double[draws][];
        var rng = new Rng(seed);
        for (var s = 0; s < draws; s++)
        {
            foreach (var p in model.Parameters()) p.Grad = null;
            using (TensorScope.Begin()) loss(x, rng.Split()).Backward();
            samples[s] = parameters.SelectMany(p => p.Grad?.ToArray() ?? new float[p.Size]).Select(v => (double)v).ToArray();
        }
        var mean = Enumerable.Range(0, n).Select(i => samples.Average(g => g[i])).ToArray();
        var variance = Enumerable.Range(0, n).Select(i => samples.Sum(g => (g[i] - mean[i]) * (g[i] - mean[i])) / (draws - 1)).ToArray();
        // SNR as Tucker et al. 2018 (section 4) and Rainforth et al. 2018 (eq. 9): |E g| / std g, averaged over the coordinates.
        var snr = Enumerable.Range(0, n).Average(i => Math.Abs(mean[i]) / Math.Sqrt(variance[i] + 1e-30));
        return new GradientMoments(variance.Sum(), snr, mean);
    }

    [Test]
    public void EncoderGradient_StlAndDreg_HaveLowerVarianceThanStandardIwae_AndDregKeepsItsSignalAsKGrows()
    {
        var x = LinearGaussianModel.Data(10, new Rng(400));
        const int draws = 200;
        var model = LinearGaussianModel.Create();
        Func<Tensor, Rng, Tensor> Iwae(int k, GradientEstimator e) => (batch, rng) => IwaeObjective.Compute(model, batch, rng, k, estimator: e).Loss;
        GradientMoments Run(int k, GradientEstimator e) => Measure(model, Iwae(k, e), x, draws, 401);
        var standard = new[] { 4, 64 }.ToDictionary(k => k, k => Run(k, GradientEstimator.Standard));
        var stl = Run(64, GradientEstimator.Stl);
        var dreg = new[] { 4, 64 }.ToDictionary(k => k, k => Run(k, GradientEstimator.Dreg));
        TestContext.Out.WriteLine($"encoder gradient, trace of covariance / mean SNR over {draws} draws, batch of 10:");
        foreach (var k in new[] { 4, 64 }) TestContext.Out.WriteLine($"  K={k}: standard {standard[k].Variance:G4} / {standard[k].Snr:G4}, dreg {dreg[k].Variance:G4} / {dreg[k].Snr:G4}");
        TestContext.Out.WriteLine($"  K=64: stl {stl.Variance:G4} / {stl.Snr:G4}");
        Assert.That(stl.Variance, Is.LessThan(0.5 * standard[64].Variance), "STL below half the standard estimator's variance at K = 64");
        Assert.That(dreg[64].Variance, Is.LessThan(0.5 * standard[64].Variance), "DReG below half the standard estimator's variance at K = 64");
        Assert.That(dreg[64].Snr, Is.GreaterThan(standard[64].Snr), "DReG's SNR above the standard one at K = 64");
        // Rainforth et al. 2018, Theorem 1: the standard encoder SNR falls with K; DReG's does not (Tucker et al. 2018, fig. 1).
        Assert.That(standard[64].Snr, Is.LessThan(standard[4].Snr), "standard SNR falls from K = 4 to K = 64");
        Assert.That(dreg[64].Snr, Is.GreaterThan(0.8 * dreg[4].Snr), "DReG SNR does not fall with K (20% tolerance)");
    }

    [Test]
    public void DecoderGradient_IsTheSameForEveryEstimator()
    {
        var x = LinearGaussianModel.Data(10, new Rng(500));
        var model = LinearGaussianModel.Create();
        var moments = new[] { GradientEstimator.Standard, GradientEstimator.Stl, GradientEstimator.Dreg }
            .Select(e => Measure(model, (batch, rng) => IwaeObjective.Compute(model, batch, rng, 16, estimator: e).Loss, x, 5, 501, encoder: false)).ToArray();
        foreach (var m in moments.Skip(1))
        {
            Assert.That(m.Mean, Is.EqualTo(moments[0].Mean).Within(1e-5), "the decoder's gradient is IWAE's, draw by draw");
            Assert.That(m.Variance, Is.EqualTo(moments[0].Variance).Within(1e-6 + 1e-4 * moments[0].Variance));
        }
    }
}
