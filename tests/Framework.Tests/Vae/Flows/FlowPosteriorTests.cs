using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class FlowPosteriorTests
{
    private const double HalfLog2Pi = 0.91893853320467274;

    /// <summary>An identity step that remembers the context it was given.</summary>
    private sealed record RecordingFlow : FlowTransform
    {
        public float[]? SeenContext;

        public override (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context)
        {
            SeenContext = context?.ToArray();
            return (z, Tensor.Zeros(new Shape(z.Rows)));
        }
    }

    private static Tensor Inputs(int batch, int size, ulong seed)
    {
        var x = Tensor.Empty(new Shape(batch, size));
        new Rng(seed).Uniform(x.Data, -2f, 2f);
        return x;
    }

    [Test]
    public void LogQ_TwoIafSteps_EqualsBaseLogDensityMinusTheStepsLogDets()
    {
        const int batch = 2, k = 3, latent = 3, hiddenSize = 8;
        var posterior = FlowPosterior.Create(5, [hiddenSize], latent, Activation.Tanh, "iaf", 2, new Rng(11));
        var x = Inputs(batch, 5, 12);
        var sample = posterior.Sample(x, k, new Rng(13));
        Assert.That(sample.Gaussian, Is.Null, "with flows q is not Gaussian");

        // By hand: the same noise, z0 = μ_b + σ_b ε row by row (row = k*B + b), log N in double.
        var (q0, hidden) = posterior.Encode(x);
        var eps = new float[k * batch * latent];
        new Rng(13).Normal(eps);
        var z0 = new float[k * batch * latent];
        var context = new float[k * batch * hiddenSize];
        var expected = new double[k * batch];
        for (var row = 0; row < k * batch; row++)
        {
            var b = row % batch;
            for (var j = 0; j < latent; j++)
            {
                var logStd = (double)q0.LogStd.Row(b)[j];
                var e = (double)eps[row * latent + j];
                z0[row * latent + j] = (float)(q0.Mean.Row(b)[j] + Math.Exp(logStd) * e);
                expected[row] += -0.5 * e * e - logStd - HalfLog2Pi;
            }
            hidden.Row(b).CopyTo(context.AsSpan(row * hiddenSize, hiddenSize));
        }
        var z = Tensor.FromArray(z0, new Shape(k * batch, latent));
        var ctx = Tensor.FromArray(context, new Shape(k * batch, hiddenSize));
        foreach (var flow in posterior.Flows)
        {
            var (next, logDet) = flow.Forward(z, ctx);
            for (var row = 0; row < k * batch; row++) expected[row] -= logDet.Data[row];
            z = next;
        }
        Assert.That(sample.Z.ToArray(), Is.EqualTo(z.ToArray()).Within(1e-5));
        for (var row = 0; row < k * batch; row++)
            Assert.That((double)sample.LogQ.Data[row], Is.EqualTo(expected[row]).Within(1e-4 + 1e-5 * Math.Abs(expected[row])), $"row {row}");
    }

    [Test]
    public void Sample_KSamples_AreLaidOutSampleMajorWithTheContextRepeatedAlike()
    {
        const int batch = 3, k = 4, latent = 2, hiddenSize = 6;
        var recorder = new RecordingFlow();
        var built = FlowPosterior.Create(4, [hiddenSize], latent, Activation.Tanh, "planar", 0, new Rng(21));
        var posterior = built with { Flows = [recorder] };
        var x = Inputs(batch, 4, 22);
        var sample = posterior.Sample(x, k, new Rng(23));
        var (q0, hidden) = posterior.Encode(x);
        var eps = new float[k * batch * latent];
        new Rng(23).Normal(eps);
        Assert.That(sample.Z.Shape, Is.EqualTo(new Shape(k * batch, latent)));
        Assert.That(sample.LogQ.Shape, Is.EqualTo(new Shape(k * batch)));
        for (var s = 0; s < k; s++)
        for (var b = 0; b < batch; b++)
        {
            var row = s * batch + b;
            for (var j = 0; j < latent; j++)
            {
                var expected = q0.Mean.Row(b)[j] + MathF.Exp(q0.LogStd.Row(b)[j]) * eps[row * latent + j];
                Assert.That(sample.Z.Row(row)[j], Is.EqualTo(expected).Within(1e-5), $"sample {s} of data point {b}");
            }
            Assert.That(recorder.SeenContext!.AsSpan(row * hiddenSize, hiddenSize).ToArray(), Is.EqualTo(hidden.Row(b).ToArray()), $"context of row {row}");
        }
    }

    [Test]
    public void Sample_LengthZero_SetsGaussianWhoseAnalyticKlMatchesMonteCarlo()
    {
        const int batch = 2, k = 20000, latent = 3;
        var posterior = FlowPosterior.Create(4, [8], latent, Activation.Tanh, "planar", 0, new Rng(31));
        var sample = posterior.Sample(Inputs(batch, 4, 32), k, new Rng(33));
        Assert.That(sample.Gaussian, Is.Not.Null);
        var kl = sample.Gaussian!.KlToStandardNormal().ToArray();
        for (var b = 0; b < batch; b++)
        {
            // E_q[log q(z) - log N(z; 0, I)] with its standard error.
            var terms = new double[k];
            for (var s = 0; s < k; s++)
            {
                var row = s * batch + b;
                var logPrior = sample.Z.Row(row).ToArray().Sum(v => -0.5 * v * v - HalfLog2Pi);
                terms[s] = sample.LogQ.Data[row] - logPrior;
            }
            var mean = terms.Average();
            var se = Math.Sqrt(terms.Sum(t => (t - mean) * (t - mean)) / (k - 1) / k);
            Assert.That(kl[b], Is.EqualTo(mean).Within(4 * se), $"data point {b}: analytic {kl[b]} vs Monte Carlo {mean} ± {se}");
            Assert.That(kl[b], Is.GreaterThan(0.05), "a KL well away from 0, so the comparison means something");
        }
    }

    [Test]
    public void Create_WithFlows_WalksEveryStepsParameters()
    {
        var posterior = FlowPosterior.Create(4, [8], 2, Activation.Tanh, "planar", 3, new Rng(41));
        var names = posterior.NamedParameters().Select(p => p.Name).ToList();
        Assert.That(names, Does.Contain("flows.2.u").And.Contain("flows.0.w").And.Contain("mean_head.weight"));
        Assert.That(posterior.ParameterCount(), Is.EqualTo((4 * 8 + 8) + 2 * (8 * 2 + 2) + 3 * (2 + 2 + 1)));
    }

    [Test]
    public void Forward_ReturnsTheFlowOfTheBaseMean()
    {
        var posterior = FlowPosterior.Create(4, [8], 2, Activation.Tanh, "radial", 2, new Rng(51));
        var x = Inputs(3, 4, 52);
        var (q0, _) = posterior.Encode(x);
        var z = q0.Mean;
        foreach (var f in posterior.Flows) z = f.Forward(z, null).Z;
        Assert.That(posterior.Forward(x).ToArray(), Is.EqualTo(z.ToArray()).Within(1e-6));
    }
}
