using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Vae;

namespace Research.Framework.Tests.Objectives;

/// <summary>
/// MIWAE, CIWAE and PIWAE (Rainforth et al. 2018) and the STL / DReG estimators: bound values against
/// their definitions on the same samples, and every gradient against central finite differences of
/// the function it is the gradient of (the generative and posterior halves separately where they differ).
/// </summary>
public class ImportanceWeightedObjectiveTests
{
    private static VaeModel Tiny(ulong seed = 21) =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(3, 2, [4], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(seed));

    private static Tensor X => Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 1f], new Shape(2, 3));

    private static Tensor[] EncoderParameters(VaeModel model) => ((Module)model.Posterior).Parameters().ToArray();

    private static Tensor[] GenerativeParameters(VaeModel model)
    {
        var encoder = EncoderParameters(model).ToHashSet(ReferenceEqualityComparer.Instance);
        return model.Parameters().Where(p => !encoder.Contains(p)).ToArray();
    }

    private static double LogMeanExp(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var m = v.Max();
        return m + Math.Log(v.Sum(a => Math.Exp(a - m)) / v.Length);
    }

    /// <summary>log w at sample s, point b, in double.</summary>
    private static double W(ModelPass pass, int s, int b) =>
        (double)pass.LogLikelihood.Data[s * pass.B + b] + pass.LogPrior.Data[s * pass.B + b] - pass.LogPosterior.Data[s * pass.B + b];

    [Test]
    public void Miwae_Bound_IsTheMeanOfItsGroupsLogMeanExp()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var t = MiwaeObjective.Compute(model, X, new Rng(4), m: 3, k: 4);
        var pass = ModelPass.Run(model, X, 12, new Rng(4), analyticKl: false);
        for (var b = 0; b < 2; b++)
        {
            var expected = Enumerable.Range(0, 3).Average(g => LogMeanExp(Enumerable.Range(g * 4, 4).Select(s => W(pass, s, b))));
            Assert.That(t.Bound.Data[b], Is.EqualTo(expected).Within(1e-4), $"point {b}");
        }
        Assert.That(t.Loss.Item(), Is.EqualTo(-(t.Bound.Data[0] + t.Bound.Data[1]) / 2).Within(1e-5));
    }

    [Test]
    public void Miwae_WithOneGroup_IsIwae_AndWithOneSamplePerGroup_IsTheMonteCarloElbo()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        Assert.That(MiwaeObjective.Compute(model, X, new Rng(5), m: 1, k: 6).Bound.ToArray(),
            Is.EqualTo(IwaeObjective.Compute(model, X, new Rng(5), k: 6).Bound.ToArray()).Within(1e-6f));
        Assert.That(MiwaeObjective.Compute(model, X, new Rng(5), m: 6, k: 1).Bound.ToArray(),
            Is.EqualTo(ElboObjective.Compute(model, X, new Rng(5), k: 6, analyticKl: false).Bound.ToArray()).Within(1e-5f));
    }

    [Test]
    public void Ciwae_Bound_LiesBetweenTheElboAndIwaeOfTheSameSamples()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var pass = ModelPass.Run(model, X, 5, new Rng(6), analyticKl: false);
        foreach (var mix in new[] { 0f, 0.3f, 1f })
        {
            var t = CiwaeObjective.Compute(model, X, new Rng(6), k: 5, mix: mix);
            for (var b = 0; b < 2; b++)
            {
                var weights = Enumerable.Range(0, 5).Select(s => W(pass, s, b)).ToArray();
                var (elbo, iwae) = (weights.Average(), LogMeanExp(weights));
                Assert.That(t.Bound.Data[b], Is.EqualTo(mix * elbo + (1 - mix) * iwae).Within(1e-4), $"mix {mix}, point {b}");
                Assert.That(t.Bound.Data[b], Is.InRange(elbo - 1e-4, iwae + 1e-4));
            }
        }
    }

    [Test]
    public void Estimators_LeaveTheBoundAndTheLossValueUnchanged()
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var standard = IwaeObjective.Compute(model, X, new Rng(7), k: 5);
        foreach (var estimator in new[] { GradientEstimator.Stl, GradientEstimator.Dreg })
        {
            var t = IwaeObjective.Compute(model, X, new Rng(7), k: 5, estimator: estimator);
            Assert.That(t.Bound.ToArray(), Is.EqualTo(standard.Bound.ToArray()), $"{estimator}: bitwise bound");
            Assert.That(t.Loss.Item(), Is.EqualTo(standard.Loss.Item()).Within(1e-5), $"{estimator}: loss value");
        }
        var piwae = PiwaeObjective.Compute(model, X, new Rng(7), m: 2, k: 3);
        Assert.That(piwae.Loss.Item(), Is.EqualTo(IwaeObjective.Compute(model, X, new Rng(7), k: 6).Loss.Item()).Within(1e-5), "PIWAE's loss value is IWAE_MK");
    }

    [TestCase("miwae")]
    [TestCase("ciwae")]
    public void Objective_Gradients_MatchFiniteDifferences(string kind)
    {
        var model = Tiny(22);
        var parameters = model.Parameters().ToArray();
        Tensor Bound(Tensor[] _) => kind == "miwae"
            ? MiwaeObjective.Compute(model, X, new Rng(8), m: 2, k: 3, beta: 0.8f).Bound
            : CiwaeObjective.Compute(model, X, new Rng(8), k: 3, mix: 0.4f, beta: 0.8f).Bound;
        GradCheck.Check(Bound, parameters, eps: 1e-2f, rtol: 3e-2, atol: 3e-3, maxElementsPerInput: 8);
        foreach (var p in parameters) p.Grad = null;
    }

    /// <summary>
    /// STL's gradient is, for every parameter, the gradient of IWAE with log q evaluated at fixed
    /// parameters φ0 (Roeder et al. 2017, eq. 8): checked against finite differences of that function.
    /// </summary>
    [TestCase("iwae")]
    [TestCase("ciwae")]
    public void Stl_Gradient_IsTheBoundsGradientWithLogQsParametersHeldFixed(string kind)
    {
        var model = Tiny(23);
        var frozen = Frozen(model);
        Tensor Reference()
        {
            var pass = ModelPass.Run(model, X, 4, new Rng(9), analyticKl: false);
            var logQ = frozen.LogProb(pass.Sample.Z).Reshape(4, 2);
            var logW = pass.LogLikelihood.Add(pass.LogPrior.Subtract(logQ));
            return (kind == "iwae" ? IwaeObjective.LogMeanExp(logW) : CiwaeObjective.Combine(logW, 0.4f)).Mean().Negate();
        }
        var analytic = Gradients(model.Parameters().ToArray(), () => kind == "iwae"
            ? IwaeObjective.Compute(model, X, new Rng(9), k: 4, estimator: GradientEstimator.Stl).Loss
            : CiwaeObjective.Compute(model, X, new Rng(9), k: 4, mix: 0.4f, estimator: GradientEstimator.Stl).Loss);
        AssertFiniteDifferences(model.Parameters().ToArray(), analytic, Reference);
        // and it differs from the standard gradient for the encoder (the dropped score term is not zero per sample)
        var standard = Gradients(EncoderParameters(model), () => IwaeObjective.Compute(model, X, new Rng(9), k: 4).Loss);
        var stl = Gradients(EncoderParameters(model), () => IwaeObjective.Compute(model, X, new Rng(9), k: 4, estimator: GradientEstimator.Stl).Loss);
        Assert.That(standard.Zip(stl, (a, b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max()).Max(), Is.GreaterThan(1e-4));
    }

    /// <summary>
    /// DReG (Tucker et al. 2018, eq. 5): the generative model gets the IWAE gradient; the encoder gets
    /// Σ_i w̃_i² ∂log w_i/∂z_i ∂z_i/∂φ, the gradient of Σ_i c_i log w_i(z_i(φ); φ0) with c = w̃² held fixed.
    /// </summary>
    [Test]
    public void Dreg_Gradients_AreIwaesForTheDecoderAndSquaredWeightPathDerivativesForTheEncoder()
    {
        var model = Tiny(24);
        const int k = 4;
        var frozen = Frozen(model);
        float[] squared;
        using (NoGrad.Begin())
        using (TensorScope.Begin())
            squared = ImportanceWeights.NormalizedWeights(ModelPass.Run(model, X, k, new Rng(10), analyticKl: false).LogWeights(), 1).Square().ToArray();
        var analytic = Gradients(model.Parameters().ToArray(), () => IwaeObjective.Compute(model, X, new Rng(10), k: k, estimator: GradientEstimator.Dreg).Loss);
        var all = model.Parameters().ToArray();
        var generative = GenerativeParameters(model);
        AssertFiniteDifferences(generative, Select(all, analytic, generative),
            () => IwaeObjective.Compute(model, X, new Rng(10), k: k).Loss);
        var encoder = EncoderParameters(model);
        AssertFiniteDifferences(encoder, Select(all, analytic, encoder), () =>
        {
            var pass = ModelPass.Run(model, X, k, new Rng(10), analyticKl: false);
            var logW = pass.LogLikelihood.Add(pass.LogPrior.Subtract(frozen.LogProb(pass.Sample.Z).Reshape(k, 2)));
            return logW.Multiply(Tensor.FromArray(squared, new Shape(k, 2))).Sum(axis: 0).Mean().Negate();
        });
    }

    /// <summary>PIWAE (Rainforth et al. 2018, section 5): the generative model gets IWAE_MK's gradient, the encoder MIWAE(M, K)'s.</summary>
    [Test]
    public void Piwae_Gradients_AreIwaeMkForTheDecoderAndMiwaeForTheEncoder()
    {
        var model = Tiny(25);
        var all = model.Parameters().ToArray();
        var analytic = Gradients(all, () => PiwaeObjective.Compute(model, X, new Rng(11), m: 2, k: 3, beta: 0.9f).Loss);
        var generative = GenerativeParameters(model);
        AssertFiniteDifferences(generative, Select(all, analytic, generative), () => IwaeObjective.Compute(model, X, new Rng(11), k: 6, beta: 0.9f).Loss);
        var encoder = EncoderParameters(model);
        AssertFiniteDifferences(encoder, Select(all, analytic, encoder), () => MiwaeObjective.Compute(model, X, new Rng(11), m: 2, k: 3, beta: 0.9f).Loss);
    }

    [Test]
    public void Stl_OnAFlowPosterior_SaysWhatItNeeds()
    {
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(3, 2, [4], Activation.Tanh), "standard_normal",
            new ComponentChoice("planar", new Dictionary<string, object> { ["length"] = 2 }), "bernoulli"), new Rng(3));
        using var scope = TensorScope.Begin();
        Assert.That(() => IwaeObjective.Compute(model, X, new Rng(1), k: 2, estimator: GradientEstimator.Stl),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("diagonal Gaussian"));
    }

    [TestCase("miwae")]
    [TestCase("ciwae")]
    [TestCase("piwae")]
    public void Declaration_ReadsTheObjectiveSection(string kind)
    {
        var model = Tiny();
        using var scope = TensorScope.Begin();
        var section = new ObjectiveSpec(new ComponentSpec(kind), K: 3, Beta: 0.5, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"),
            AnalyticKl: true, M: 2, CiwaeBeta: 0.25, Estimator: "stl");
        var declared = ObjectiveDeclaration.Of(section).Compute(section, model, X, klWeight: 0.5, new Rng(2));
        var direct = kind switch
        {
            "miwae" => MiwaeObjective.Compute(model, X, new Rng(2), m: 2, k: 3, beta: 0.25f, estimator: GradientEstimator.Stl),
            "ciwae" => CiwaeObjective.Compute(model, X, new Rng(2), k: 3, mix: 0.25f, beta: 0.25f, estimator: GradientEstimator.Stl),
            _ => PiwaeObjective.Compute(model, X, new Rng(2), m: 2, k: 3, beta: 0.25f, estimator: GradientEstimator.Stl),
        };
        Assert.That(declared.Loss.Item(), Is.EqualTo(direct.Loss.Item()), "bitwise");
    }

    [Test]
    public void Declaration_ElboWithAnEstimator_SaysWhereEstimatorsApply()
    {
        var section = new ObjectiveSpec(new ComponentSpec("elbo"), K: 1, Beta: 1, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"),
            AnalyticKl: true, Estimator: "dreg");
        var model = Tiny();
        using var scope = TensorScope.Begin();
        Assert.That(() => ObjectiveDeclaration.Of(section).Compute(section, model, X, 1, new Rng(1)),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("iwae, miwae, piwae and ciwae"));
    }

    /// <summary>q(z|x) at the current parameters, as constants.</summary>
    private static DiagonalNormal Frozen(VaeModel model)
    {
        using var noGrad = NoGrad.Begin();
        var q = ((IGaussianEncoder)model.Posterior).Encode(X);
        return new DiagonalNormal(q.Mean.Detach(persistent: true), q.LogStd.Detach(persistent: true));
    }

    private static float[][] Gradients(Tensor[] parameters, Func<Tensor> loss)
    {
        foreach (var p in parameters) { p.RequiresGrad = true; p.Grad = null; }
        using (TensorScope.Begin()) loss().Backward();
        var grads = parameters.Select(p => p.Grad?.ToArray() ?? new float[p.Size]).ToArray();
        foreach (var p in parameters) p.Grad = null;
        return grads;
    }

    private static float[][] Select(Tensor[] all, float[][] grads, Tensor[] subset) =>
        subset.Select(p => grads[Array.FindIndex(all, q => ReferenceEquals(q, p))]).ToArray();

    /// <summary>Central differences (in double) of <paramref name="reference"/> against <paramref name="analytic"/>, up to 8 elements per tensor.</summary>
    private static void AssertFiniteDifferences(Tensor[] parameters, float[][] analytic, Func<Tensor> reference, float eps = 1e-2f, double rtol = 3e-2, double atol = 3e-3)
    {
        double Value()
        {
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            return reference().Item();
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var stride = Math.Max(1, p.Size / 8);
            for (var j = 0; j < p.Size; j += stride)
            {
                var original = p.Data[j];
                p.Data[j] = original + eps;
                var plus = Value();
                p.Data[j] = original - eps;
                var minus = Value();
                p.Data[j] = original;
                var numeric = (plus - minus) / (2.0 * eps);
                var tolerance = atol + rtol * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i][j]));
                Assert.That(analytic[i][j], Is.EqualTo(numeric).Within(tolerance), $"parameter {i}[{j}]: analytic {analytic[i][j]} vs numeric {numeric}");
            }
        }
    }
}
