using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae.Flows;

/// <summary>
/// q(z|x) as a diagonal Gaussian base followed by a flow: hidden = Encoder(x),
/// z0 ~ N(MeanHead(hidden), diag(exp(LogStdHead(hidden))²)), z_T = f_T ∘ ⋯ ∘ f_1(z0) and
/// log q(z_T|x) = log N(z0) - Σ_t log|det ∂f_t/∂z_{t-1}|.
/// </summary>
/// <remarks>
/// Rezende and Mohamed 2015, "Variational Inference with Normalizing Flows", section 3.1 (the
/// density of a composed finite flow) and section 4 (amortized inference with flows); with no flow this is
/// the diagonal Gaussian of Kingma and Welling 2014, and <see cref="PosteriorSample.Gaussian"/> is
/// set so objectives may use the analytic KL. Conditional flows (IAF) receive the encoder's
/// hidden state as context, repeated K times sample-major to [K*B, H] like the samples.
/// </remarks>
public sealed record FlowPosterior(
    Module Encoder,
    Linear MeanHead,
    Linear LogStdHead,
    IReadOnlyList<FlowTransform> Flows) : Module, IPosterior
{
    public int Latent => MeanHead.OutFeatures;

    /// <summary>The width of the encoder's hidden state (the flows' context size).</summary>
    public int ContextSize => MeanHead.InFeatures;

    /// <summary>
    /// An MLP encoder [input, hidden...] with <paramref name="activation"/> after every layer, two
    /// linear heads for mean and log-std, and <paramref name="length"/> flow steps made by
    /// <paramref name="step"/> (a flow's declaration, <see cref="FlowDeclaration{TOptions}"/>); length 0 is the plain Gaussian.
    /// </summary>
    public static FlowPosterior Create(int input, IReadOnlyList<int> hidden, int latent, Activation activation, int length, Rng rng, Func<FlowStep, FlowTransform> step)
    {
        if (hidden.Count == 0) throw new ArgumentException("FlowPosterior needs at least one hidden encoder layer (it is the flows' context).", nameof(hidden));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var encoder = Mlp.Create([input, .. hidden], activation, rng.Split(), activateLast: true);
        var mean = Linear.Create(hidden[^1], latent, rng.Split());
        var logStd = Linear.Create(hidden[^1], latent, rng.Split());
        var stackRng = rng.Split();
        var flows = new FlowTransform[length];
        for (var i = 0; i < length; i++) flows[i] = step(new FlowStep(latent, hidden[^1], i, stackRng.Split()));
        return new FlowPosterior(encoder, mean, logStd, flows);
    }

    /// <summary>The same with <paramref name="length"/> steps of the flow declared as <paramref name="flow"/> (<see cref="FlowRegistry"/>), its hidden widths <paramref name="flowHidden"/> where it has a network (null: its default).</summary>
    public static FlowPosterior Create(int input, IReadOnlyList<int> hidden, int latent, Activation activation, string flow, int length, Rng rng, IReadOnlyList<int>? flowHidden = null)
    {
        var declaration = FlowRegistry.Find(flow);
        var settings = flowHidden is null ? null : new Dictionary<string, object> { ["hidden"] = flowHidden };
        return Create(input, hidden, latent, activation, length, rng, step => declaration.Step(settings, step));
    }

    /// <summary>The base Gaussian q0(z0|x) per data point and the encoder's hidden state [B, H].</summary>
    public (DiagonalNormal Base, Tensor Hidden) Encode(Tensor x)
    {
        var hidden = Encoder.Forward(x);
        return (new DiagonalNormal(MeanHead.Forward(hidden), LogStdHead.Forward(hidden)), hidden);
    }

    public PosteriorSample Sample(Tensor x, int k, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var (q0, hidden) = Encode(x);
        var z = q0.RSample(k, rng);
        var logQ = q0.LogProb(z);
        if (Flows.Count == 0) return new PosteriorSample(z, logQ, q0);
        var context = SampleMajor.Repeat(hidden, k);
        foreach (var flow in Flows)
        {
            var (next, logDet) = flow.Forward(z, context);
            z = next;
            logQ = logQ.Subtract(logDet);
        }
        return new PosteriorSample(z, logQ, null);
    }

    /// <summary>A deterministic code: the base mean (z0 = μ) pushed through the flow, e.g. for reconstructions.</summary>
    public override Tensor Forward(Tensor x)
    {
        var (q0, hidden) = Encode(x);
        var z = q0.Mean;
        foreach (var flow in Flows) z = flow.Forward(z, hidden).Z;
        return z;
    }

}
