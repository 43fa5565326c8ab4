using System.Diagnostics;
using Research.Framework.Autodiff;
using Research.Framework.Evaluation;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Bench;

/// <summary>
/// The K = 5000 importance-sampled log-likelihood of the IWAE paper's one-layer model (784-200-200-50,
/// tanh, Bernoulli) on N binary images, as the runner's evaluation computes it
/// (<see cref="ImportanceSampling.LogLikelihood"/> per batch of test images, 500 samples a chunk):
/// seconds and images/s with the fused decoder-output + likelihood kernel ("fused"), with the decoder
/// output stored and the fused <see cref="Ops.BernoulliLogProb"/> reduction ("stored"), and with the ops of
/// the framework before issue 18 ("unfused").
/// </summary>
public static class EvalBench
{
    /// <summary>
    /// Hides <see cref="ILinearOutputLikelihood"/>, so the model stores the decoder output; with
    /// <c>Composite</c> the log-likelihood is the ops the framework used before issue 18 (Multiply,
    /// Softplus, Subtract, Sum), else <see cref="Ops.BernoulliLogProb"/> on the stored logits.
    /// </summary>
    internal sealed record Unfused(ILikelihood Inner, bool Composite) : ILikelihood
    {
        public int ParametersPerPixel => Inner.ParametersPerPixel;

        public Tensor LogProb(Tensor x, Tensor decoderOutput)
        {
            if (!Composite) return Inner.LogProb(x, decoderOutput);
            var logits = decoderOutput.Reshape(decoderOutput.Shape.Rows / x.Shape.Rows, x.Shape.Rows, x.Shape.Last);
            return logits.Multiply(x).Subtract(logits.Softplus()).Sum(axis: -1).Reshape(decoderOutput.Shape.Rows);
        }

        public Tensor Mean(Tensor decoderOutput) => Inner.Mean(decoderOutput);

        public Tensor Sample(Tensor decoderOutput, Rng rng) => Inner.Sample(decoderOutput, rng);
    }

    public static void Run(int images, int k, int batch, int chunk, IReadOnlyList<string> modes)
    {
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(784, 50, [200, 200], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(1));
        // Binary images with MNIST's share of ink (about 13%): the cost does not depend on the pixel values.
        var data = Tensor.Empty(new Shape(images, 784));
        var p = new float[data.Size];
        Array.Fill(p, 0.13f);
        new Rng(2).Bernoulli(p, data.Data);
        Report.Info("ours_eval", $"images={images}", $"k={k}", $"batch={batch}", $"chunk={chunk}", "model=784-200-200-50 tanh bernoulli");
        if (modes.Contains("parts")) Parts();
        foreach (var mode in modes.Where(m => m != "parts"))
        {
            var m = mode switch
            {
                "unfused" => model with { Likelihood = new Unfused(model.Likelihood, Composite: true) },
                "stored" => model with { Likelihood = new Unfused(model.Likelihood, Composite: false) },
                "fused" => model,
                _ => throw new ArgumentException($"Unknown mode '{mode}' (unfused, stored, fused, parts)."),
            };
            // Warm up the JIT on one batch with a small K.
            ImportanceSampling.LogLikelihood(m, Rows(data, 0, Math.Min(batch, images)), Math.Min(k, chunk), new Rng(3), chunk);
            var clock = Stopwatch.StartNew();
            var total = 0.0;
            for (var start = 0; start < images; start += batch)
            {
                var x = Rows(data, start, Math.Min(batch, images - start));
                foreach (var v in ImportanceSampling.LogLikelihood(m, x, k, new Rng(4), chunk)) total += v;
            }
            var seconds = clock.Elapsed.TotalSeconds;
            // CASE name throughput unit seconds mean_loglik
            Console.WriteLine(FormattableString.Invariant($"EVAL eval_{mode} {images / seconds:F2} images/s {seconds:F3} {total / images:F3}"));
        }
    }

    /// <summary>The pieces of one chunk (10000 rows): the decoder's last product, softplus of its output, the fused kernel.</summary>
    private static void Parts()
    {
        using var noGrad = Research.Framework.Autodiff.NoGrad.Begin();
        var (h, w, b) = (Tensor.Empty(new Shape(10000, 200)), Tensor.Empty(new Shape(200, 784)), Tensor.Zeros(new Shape(784)));
        new Rng(5).Uniform(h.Data, -1f, 1f);
        new Rng(6).Uniform(w.Data, -0.1f, 0.1f);
        var x = Tensor.Empty(new Shape(20, 784));
        new Rng(7).Uniform(x.Data);
        void Time(string name, Action f)
        {
            for (var i = 0; i < 3; i++) f();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 10; i++) f();
            Console.WriteLine(FormattableString.Invariant($"PART {name} {clock.Elapsed.TotalMilliseconds / 10:F2} ms"));
        }
        Time("linear", () => { using var s = TensorScope.Begin(); h.Linear(w, b); });
        var l = h.Linear(w, b);
        Time("softplus", () => { using var s = TensorScope.Begin(); l.Softplus(); });
        Time("unfused_rest", () => { using var s = TensorScope.Begin(); var k = l.Reshape(500, 20, 784); k.Multiply(x).Subtract(k.Softplus()).Sum(axis: -1); });
        Time("fused", () => { using var s = TensorScope.Begin(); h.LinearBernoulliLogProb(w, b, x); });
        var model = VaeModel.Create(new VaeSpec(new ComponentOptions(784, 50, [200, 200], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(1));
        var xb = Tensor.Empty(new Shape(20, 784));
        new Rng(8).Uniform(xb.Data);
        var rng = new Rng(9);
        var normals = new float[500000];
        Time("rng_normal_500k", () => rng.Normal(normals));
        Time("posterior_sample", () => { using var s = TensorScope.Begin(); model.Posterior.Sample(xb, 500, rng); });
        var z = model.Posterior.Sample(xb, 500, rng).Z;
        Time("prior_logprob", () => { using var s = TensorScope.Begin(); model.Prior.LogProb(z); });
        Time("decoder_hidden", () => { using var s = TensorScope.Begin(); ((Mlp)model.Decoder).Hidden(z); });
        var mlp = (Mlp)model.Decoder;
        Time("linear_50x200", () => { using var s = TensorScope.Begin(); mlp.Layers[0].Forward(z); });
        var h1 = mlp.Layers[0].Forward(z);
        Time("linear_200x200", () => { using var s = TensorScope.Begin(); mlp.Layers[1].Forward(h1); });
        Time("tanh_2M", () => { using var s = TensorScope.Begin(); h.Tanh(); });
        Time("loglik_fused", () => { using var s = TensorScope.Begin(); model.LogLikelihood(xb, z); });
    }

    private static Tensor Rows(Tensor data, int start, int count)
    {
        var t = Tensor.Empty(new Shape(count, data.Shape.Last));
        data.Data.Slice(start * data.Shape.Last, count * data.Shape.Last).CopyTo(t.Data);
        return t;
    }
}
