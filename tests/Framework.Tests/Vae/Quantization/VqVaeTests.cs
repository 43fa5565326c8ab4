using Research.Framework.Autodiff;
using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tests.Autodiff;
using Research.Framework.Tests.Specs;
using Research.Framework.Training;
using Research.Framework.Vae;
using Research.Framework.Vae.Posteriors;
using Research.Framework.Vae.Priors;
using Research.Framework.Vae.Quantization;

namespace Research.Framework.Tests.Vae.Quantization;

/// <summary>VQ-VAE (van den Oord et al. 2017): quantization, straight-through, the loss of eq. 3, EMA updates, code usage.</summary>
public class VqVaeTests
{
    private static VaeModel Model(int pixels = 6, int latent = 4, int codebook = 5, int codeDim = 2, bool ema = false, ulong seed = 3) =>
        VaeModel.Create(new VaeSpec(new ComponentOptions(pixels, latent, [8], Activation.Tanh), "uniform_codes",
            new ComponentChoice("vq", new Dictionary<string, object> { ["codebook_size"] = codebook, ["code_dim"] = codeDim, ["ema"] = ema }), "bernoulli"),
            new Rng(seed));

    private static Tensor Uniform(ulong seed, Shape shape, float low = -1f, float high = 1f)
    {
        var t = Tensor.Empty(shape);
        new Rng(seed).Uniform(t.Data, low, high);
        return Tensor.FromArray(t.Data, shape);
    }

    /// <summary>argmin_k ||x - c_k||^2 by brute force, in double.</summary>
    private static int Nearest(ReadOnlySpan<float> x, Tensor codebook)
    {
        var (best, bestDistance) = (-1, double.PositiveInfinity);
        for (var k = 0; k < codebook.Shape[0]; k++)
        {
            var row = codebook.Row(k);
            var distance = 0.0;
            for (var j = 0; j < x.Length; j++) distance += Math.Pow(x[j] - row[j], 2);
            if (distance < bestDistance) (best, bestDistance) = (k, distance);
        }
        return best;
    }

    [Test]
    public void NearestRows_PicksTheNearestCodeOfEveryRow()
    {
        var x = Uniform(1, new Shape(40, 3));
        var codebook = Uniform(2, new Shape(7, 3));
        var indices = x.NearestRows(codebook);
        for (var r = 0; r < 40; r++) Assert.That(indices[r], Is.EqualTo(Nearest(x.Row(r), codebook)), $"row {r}");
    }

    [Test]
    public void NearestRows_TiedCodes_TakeTheLowestIndex()
    {
        var codebook = Tensor.FromArray([1f, 0f, -1f, 0f, 1f, 0f], new Shape(3, 2)); // codes 0 and 2 equal; 1 the mirror
        var indices = Tensor.FromArray([0f, 0f, 2f, 1f], new Shape(2, 2)).NearestRows(codebook);
        Assert.That(indices, Is.EqualTo(new[] { 0, 0 }), "(0, 0) is as near to codes 0, 1, 2; (2, 1) to 0 and 2");
    }

    [Test]
    public void NearestRows_OnTorchCpu_MatchesNative()
    {
        var x = Uniform(4, new Shape(50, 4));
        var codebook = Uniform(5, new Shape(9, 4));
        Assert.That(x.To(Device.TorchCpu).NearestRows(codebook.To(Device.TorchCpu)), Is.EqualTo(x.NearestRows(codebook)));
    }

    [Test]
    public void StraightThrough_HasTheForwardValueAndCopiesTheGradientToBackward()
    {
        foreach (var device in new[] { Device.Native, Device.TorchCpu })
        {
            var forward = Tensor.FromArray([1f, -2f, 3f], new Shape(3), device);
            var backward = Tensor.FromArray([0.5f, 0.25f, -1f], new Shape(3), device);
            forward.RequiresGrad = backward.RequiresGrad = true;
            var y = forward.StraightThrough(backward);
            Assert.That(y.ToArray(), Is.EqualTo(new[] { 1f, -2f, 3f }), $"{device}: the value of forward");
            y.Multiply(Tensor.FromArray([2f, 3f, 4f], new Shape(3), device)).Sum().Backward();
            Assert.That(backward.Grad!.ToArray(), Is.EqualTo(new[] { 2f, 3f, 4f }), $"{device}: dL/dy copied to backward");
            Assert.That(forward.Grad?.ToArray() ?? [0f, 0f, 0f], Is.All.EqualTo(0f), $"{device}: nothing reaches forward");
        }
    }

    [Test]
    public void Quantize_ReplacesEveryGroupByItsNearestCode()
    {
        var model = Model();
        var vq = (VqPosterior)model.Posterior;
        var x = Uniform(6, new Shape(10, 6), 0f, 1f);
        var codes = vq.Quantize(x);
        var ze = vq.EncoderOutput(x).Reshape(20, 2);
        Assert.That(codes.EncoderOutputs.ToArray(), Is.EqualTo(ze.ToArray()));
        for (var r = 0; r < 20; r++)
        {
            Assert.That(codes.Indices[r], Is.EqualTo(Nearest(ze.Row(r), vq.Codebook)), $"code position {r}");
            Assert.That(codes.Quantized.Row(r).ToArray(), Is.EqualTo(vq.Codebook.Row(codes.Indices[r]).ToArray()));
        }
        Assert.That(vq.Forward(x).ToArray(), Is.EqualTo(codes.Quantized.ToArray()), "Forward is z_q, [B, D]");
    }

    [Test]
    public void Sample_IsTheQuantizedCodeWithLogQZeroAndGradientToTheEncoder()
    {
        var model = Model();
        var vq = (VqPosterior)model.Posterior;
        var x = Uniform(7, new Shape(3, 6), 0f, 1f);
        var sample = vq.Sample(x, 2, new Rng(1));
        var zq = vq.Forward(x).ToArray();
        Assert.That(sample.Z.Shape, Is.EqualTo(new Shape(6, 4)));
        Assert.That(sample.Z.ToArray(), Is.EqualTo(zq.Concat(zq).ToArray()).Within(1e-6), "K copies, sample-major (z_e + (z_q - z_e) rounds)");
        Assert.That(sample.LogQ.ToArray(), Is.All.EqualTo(0f));
        Assert.That(sample.Gaussian, Is.Null);
        sample.Z.Sum().Backward();
        Assert.That(vq.Encoder.Layers[^1].Bias!.Grad!.ToArray(), Is.All.EqualTo(6f), "dz/dz_e = I: each output's bias gets one per row (2 x 3 rows)");
    }

    [Test]
    public void CodebookAndCommitmentLosses_ValuesAndGradientsMatchFiniteDifferences()
    {
        var vq = (VqPosterior)Model(latent: 4, codebook: 3, codeDim: 2).Posterior;
        var ze = Uniform(8, new Shape(6, 2));
        var codebook = Uniform(9, new Shape(3, 2));
        int[] indices = [2, 0, 0, 1, 2, 2];
        QuantizedCodes Codes(Tensor e, Tensor c) => new(e, c.GatherRows(indices), indices, 3, vq);

        var expected = new double[3];
        for (var r = 0; r < 6; r++)
        for (var j = 0; j < 2; j++)
            expected[r / 2] += Math.Pow(ze.Data[r * 2 + j] - codebook.Data[indices[r] * 2 + j], 2);
        Assert.That(Codes(ze, codebook).CodebookLoss().ToArray(), Is.EqualTo(expected).Within(1e-5));
        Assert.That(Codes(ze, codebook).CommitmentLoss().ToArray(), Is.EqualTo(expected).Within(1e-5));

        GradCheck.Check(t => Codes(ze, t[0]).CodebookLoss(), [codebook]);
        GradCheck.Check(t => Codes(t[0], codebook).CommitmentLoss(), [ze]);
        // And the stop-gradients: the codebook loss leaves z_e alone, the commitment loss the codebook.
        var (e2, c2) = (Tensor.FromArray(ze.Data, ze.Shape), Tensor.FromArray(codebook.Data, codebook.Shape));
        e2.RequiresGrad = c2.RequiresGrad = true;
        Codes(e2, c2).CodebookLoss().Sum().Backward();
        Assert.That(e2.Grad?.ToArray() ?? [], Is.All.EqualTo(0f));
        var (e3, c3) = (Tensor.FromArray(ze.Data, ze.Shape), Tensor.FromArray(codebook.Data, codebook.Shape));
        e3.RequiresGrad = c3.RequiresGrad = true;
        Codes(e3, c3).CommitmentLoss().Sum().Backward();
        Assert.That(c3.Grad?.ToArray() ?? [], Is.All.EqualTo(0f));
    }

    [Test]
    public void Ema_Step_MatchesAHandComputedUpdate()
    {
        // K = 2 codes of width 1, decay 0.5; the batch assigns 1.0 and 3.0 to code 0, nothing to code 1.
        float[] counts = [1f, 1f], sums = [0.2f, -0.4f];
        var (n, m, e) = CodebookEma.Step(counts, sums, [1f, 3f], [0, 0], codeDim: 1, decay: 0.5f);
        // N = 0.5 [1, 1] + 0.5 [2, 0] = [1.5, 0.5]; m = 0.5 [0.2, -0.4] + 0.5 [4, 0] = [2.1, -0.2].
        Assert.That(n, Is.EqualTo(new[] { 1.5f, 0.5f }).Within(1e-6));
        Assert.That(m, Is.EqualTo(new[] { 2.1f, -0.2f }).Within(1e-6));
        // Laplace: n = 2, Ñ_k = (N_k + ε) / (2 + 2ε) 2, so e = m / Ñ ≈ [1.4, -0.4].
        const double eps = CodebookEma.Epsilon;
        Assert.That(e[0], Is.EqualTo(2.1 / ((1.5 + eps) / (2 + 2 * eps) * 2)).Within(1e-6));
        Assert.That(e[1], Is.EqualTo(-0.2 / ((0.5 + eps) / (2 + 2 * eps) * 2)).Within(1e-6));
    }

    [Test]
    public void Ema_TrainingStep_MovesTheCodebookByTheUpdateNotByTheOptimizer()
    {
        var model = Model(ema: true);
        var vq = (VqPosterior)model.Posterior;
        Assert.That(vq.Codebook.RequiresGrad, Is.False);
        var x = Uniform(10, new Shape(8, 6), 0f, 1f);
        var (counts, sums) = (vq.EmaCounts!.ToArray(), vq.EmaSums!.ToArray());
        var before = vq.Codebook.ToArray();
        var codes = vq.Quantize(x);
        var expected = CodebookEma.Step(counts, sums, codes.EncoderOutputs.ToArray(), codes.Indices, 2, 0.99f);
        var step = new TrainingStep(model, new Adam(model.Parameters(), lr: 0.01f), Objective, clipNorm: 0, Device.Native);
        var result = step.Take(x, 1.0, 0.01, new Rng(1));
        Assert.That(vq.Codebook.ToArray(), Is.EqualTo(expected.Codebook), "the encoder changes only after the codes are taken");
        Assert.That(vq.Codebook.ToArray(), Is.Not.EqualTo(before));
        Assert.That(result.CodeCounts!.Sum(), Is.EqualTo(16), "8 data points x 2 codes");
    }

    private static ObjectiveSpec Objective => new(new ComponentSpec("vqvae"), K: 1, Beta: 1.0, FreeBits: 0, FreeBitsGroups: 0,
        KlSchedule: new ComponentSpec("constant"), AnalyticKl: true);

    [Test]
    public void Objective_IsEq3AndTheBoundIsReconstructionMinusGLogK()
    {
        var model = Model(latent: 4, codebook: 5, codeDim: 2);
        var vq = (VqPosterior)model.Posterior;
        var x = Tensor.FromArray([1f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 1f, 0f, 1f, 0f], new Shape(2, 6));
        var terms = VqVaeObjective.Compute(model, x);
        var codes = vq.Quantize(x);
        var recon = model.LogLikelihood(x, vq.Forward(x)).ToArray();
        var codebook = codes.CodebookLoss().ToArray();
        var commitment = codes.CommitmentLoss().ToArray();
        var loss = Enumerable.Range(0, 2).Average(b => -recon[b] + codebook[b] + 0.25 * commitment[b]);
        Assert.That(terms.Loss.Item(), Is.EqualTo(loss).Within(1e-4));
        Assert.That(terms.Reconstruction.ToArray(), Is.EqualTo(recon).Within(1e-5));
        Assert.That(terms.Kl.ToArray(), Is.All.EqualTo(2 * Math.Log(5)).Within(1e-5), "G log K with G = 2, K = 5");
        Assert.That(terms.Bound.ToArray(), Is.EqualTo(recon.Select(r => r - 2 * Math.Log(5))).Within(1e-4));
        Assert.That(model.Prior.LogProb(vq.Forward(x)).ToArray(), Is.All.EqualTo(-2 * Math.Log(5)).Within(1e-5));

        var ema = Model(latent: 4, codebook: 5, codeDim: 2, ema: true);
        var emaTerms = VqVaeObjective.Compute(ema, x);
        var emaCodes = ((VqPosterior)ema.Posterior).Quantize(x);
        var emaRecon = ema.LogLikelihood(x, ema.Posterior is VqPosterior q ? q.Forward(x) : x).ToArray();
        var emaCommitment = emaCodes.CommitmentLoss().ToArray();
        Assert.That(emaTerms.Loss.Item(), Is.EqualTo(Enumerable.Range(0, 2).Average(b => -emaRecon[b] + 0.25 * emaCommitment[b])).Within(1e-4),
            "with EMA the codebook term is dropped");
    }

    [Test]
    public void Evaluation_OfAVqVae_GivesTheBoundForAnyKAndNoGaussianKlPerDimension()
    {
        var model = Model(latent: 4, codebook: 5, codeDim: 2);
        var x = Tensor.FromArray([1f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 1f, 0f, 1f, 0f], new Shape(2, 6));
        var result = Evaluator.Evaluate(model, [x], new EvaluationOptions(ImportanceSamples: 7, Chunk: 3), new Rng(2));
        var bound = VqVaeObjective.Compute(model, x).Bound.ToArray().Average();
        Assert.That(result.LogLikelihood, Is.EqualTo(bound).Within(1e-4), "a point-mass posterior: every importance weight is the bound");
        Assert.That(result.Elbo, Is.EqualTo(bound).Within(1e-4));
        Assert.That(result.Kl, Is.EqualTo(2 * Math.Log(5)).Within(1e-5));
        Assert.That(result.KlPerDimension, Is.Null);
    }

    [Test]
    /// <remarks>
    /// Without EMA, Adam moves each codebook entry by about lr per step whatever its distance to the
    /// encoder outputs, while the decoder's gradient (a Bernoulli log-likelihood summed over 784 pixels)
    /// pushes z_e away from its code: at lr 3e-3 and commitment 0.25 the loss first rises about 90-fold
    /// (the squared distances) and is still above its start after 15 epochs (measured). That case
    /// trains at lr 1e-2 with commitment 1, which holds z_e near its code; EMA runs with the defaults.
    /// </remarks>
    [TestCase(false, 1e-2f, 1.0)]
    [TestCase(true, 3e-3f, 0.25)]
    public void Training_OnTinyData_ReducesTheLoss(bool ema, float lr, double commitment)
    {
        var data = Research.Framework.Data.SyntheticBars.Generate(64, seed: 3);
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(784, 16, [64], Activation.Relu), "uniform_codes",
            new ComponentChoice("vq", new Dictionary<string, object> { ["codebook_size"] = 16, ["code_dim"] = 4, ["ema"] = ema, ["commitment"] = commitment }), "bernoulli"), new Rng(5));
        var step = new TrainingStep(model, new Adam(model.Parameters(), lr: lr), Objective, clipNorm: 0, Device.Native);
        var losses = new List<float>();
        for (var epoch = 0; epoch < 15; epoch++)
        for (var b = 0; b < 4; b++)
            losses.Add(step.Take(Tensor.FromArray(data.Images.AsSpan(b * 16 * 784, 16 * 784), new Shape(16, 784)), 1.0, lr, new Rng(1)).Loss);
        var (first, last) = (losses.Take(4).Average(), losses.TakeLast(4).Average());
        TestContext.Out.WriteLine($"VQ-VAE (ema {ema}, lr {lr}, c {commitment}) loss: first epoch {first:F1}, last {last:F1}; per epoch {string.Join(" ", losses.Chunk(4).Select(c => c.Average().ToString("F0")))}");
        Assert.That(losses, Is.All.Matches<float>(float.IsFinite));
        Assert.That(last, Is.LessThan(0.8 * first), "the loss falls by at least 20% in 15 epochs");
    }

    [Test]
    public void Perplexity_IsKForUniformUsageOneForOneCodeAndExpEntropyOtherwise()
    {
        Assert.That(new CodeUsage([5, 5, 5, 5]).Perplexity, Is.EqualTo(4).Within(1e-12));
        Assert.That(new CodeUsage([0, 9, 0, 0]).Perplexity, Is.EqualTo(1).Within(1e-12));
        Assert.That(new CodeUsage([3, 1, 0, 0]).Perplexity, Is.EqualTo(Math.Exp(-(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25)))).Within(1e-12));
        Assert.That(new CodeUsage([3, 1, 0, 0]).UsedFraction, Is.EqualTo(0.5));
        Assert.That(new CodeUsage([3, 1, 0, 0]).Add([0, 0, 2, 0]).Counts, Is.EqualTo(new long[] { 3, 1, 2, 0 }));
        Assert.That(new CodeUsage([0, 0]).Perplexity, Is.NaN);
    }

    [Test]
    public void UniformCodesPrior_SamplesAreCodebookRows()
    {
        var model = Model(latent: 4, codebook: 5, codeDim: 2);
        var vq = (VqPosterior)model.Posterior;
        var z = model.Prior.Sample(6, new Rng(4));
        Assert.That(z.Shape, Is.EqualTo(new Shape(6, 4)));
        var rows = z.Reshape(12, 2);
        for (var r = 0; r < 12; r++)
            Assert.That(rows.Row(r).ToArray(), Is.EqualTo(vq.Codebook.Row(Nearest(rows.Row(r), vq.Codebook)).ToArray()));
        Assert.That(model.NamedParameters().Select(p => p.Name), Has.None.StartsWith("prior."), "the prior's codebook is the posterior's, named there");
    }

    private const string Yaml = """
        name: vq
        data: { dataset: synthetic, batch_size: 20 }
        model:
          latent: 8
          encoder: { mlp: [16] }
          decoder: { mlp: [16] }
          prior: uniform_codes
          posterior: { vq: { codebook_size: 16, code_dim: 4, decay: 0.9 } }
        objective: { kind: vqvae }
        """;

    [Test]
    public void Spec_NamingVq_ValidatesWithItsOptions()
    {
        using var files = new SpecFiles();
        var spec = SpecLoader.Load(files.Write("vq.yaml", Yaml));
        Assert.That(VqPosterior.Declaration.Options(spec.Model.Posterior), Is.EqualTo(new VqOptions(16, 4, 0.25, false, 0.9)));
    }

    [TestCase("codebook_size: 16", "codebook_size: 1", "model.posterior.vq.codebook_size", ">= 2")]
    [TestCase("decay: 0.9", "decay: 1.0", "model.posterior.vq.decay", "in (0, 1)")]
    [TestCase("decay: 0.9", "decay: 0.9, commitment: -1", "model.posterior.vq.commitment", ">= 0")]
    [TestCase("decay: 0.9", "decay: 0.9, ema: maybe", "model.posterior.vq.ema", "true or false")]
    [TestCase("code_dim: 4", "code_dims: 4", "model.posterior.vq.code_dims", "code_dim")]
    public void Spec_BadVqOption_IsALocatedError(string from, string to, string key, string message)
    {
        using var files = new SpecFiles();
        var path = files.Write("bad.yaml", Yaml.Replace(from, to));
        var error = Assert.Throws<SpecException>(() => SpecLoader.Load(path))!;
        Assert.That(error.Errors.Single().ToString(), Does.Contain("bad.yaml:8:").And.Contain(key).And.Contain(message));
    }

    [Test]
    public void Create_CodeDimNotDividingTheLatent_NamesBothKeys()
    {
        var error = Assert.Throws<ArgumentException>(() => Model(latent: 5, codeDim: 2))!;
        Assert.That(error.Message, Does.Contain("model.posterior.vq.code_dim").And.Contain("model.latent 5"));
    }

    [Test]
    public void Mismatched_PriorOrObjective_SayWhatVqVaeNeeds()
    {
        var gaussian = VaeModel.Create(new VaeSpec(new ComponentOptions(6, 4, [8], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(1));
        var x = Tensor.Zeros(new Shape(2, 6));
        Assert.That(Assert.Throws<NotSupportedException>(() => VqVaeObjective.Compute(gaussian, x))!.Message, Does.Contain("model.posterior: vq"));
        var error = Assert.Throws<ArgumentException>(() => VaeModel.Create(
            new VaeSpec(new ComponentOptions(6, 4, [8], Activation.Tanh), "uniform_codes", "gaussian", "bernoulli"), new Rng(1)))!;
        Assert.That(error.Message, Does.Contain("uniform_codes needs model.posterior: vq"));
    }
}
