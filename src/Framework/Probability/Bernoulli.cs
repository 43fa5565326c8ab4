using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Probability;

/// <summary>Independent Bernoulli variables with logits l: p(x = 1) = sigmoid(l).</summary>
public sealed record Bernoulli(Tensor Logits)
{
    /// <summary>
    /// log p(x) summed over the last dimension, per row of <see cref="Logits"/> [K*B], for x [B, P]
    /// (repeated over the K sample-major blocks of the logits). Uses the stable form
    /// log p(x) = x l - softplus(l), exact at any logit (for x in [0, 1], the cross-entropy with
    /// probabilities x, as for non-binarized data).
    /// </summary>
    public Tensor LogProb(Tensor x)
    {
        SampleMajor.Samples(Logits, x.Shape.Rows, "Bernoulli.LogProb");
        return Logits.BernoulliLogProb(x); // the fused op (Autodiff/Ops/BernoulliLogProb.cs)
    }

    /// <summary>The mean, sigmoid(l).</summary>
    public Tensor Mean() => Logits.Sigmoid();

    /// <summary>
    /// A draw x ~ Bernoulli(sigmoid(l)) of the logits' shape on their device (no gradient); the
    /// uniforms are drawn on the host, against a host copy of the probabilities.
    /// </summary>
    public Tensor Sample(Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        var p = Logits.Sigmoid().ToHost();
        var x = Tensor.Empty(Logits.Shape);
        rng.Bernoulli(p.Data, x.Data);
        return x.To(Logits.Device);
    }
}
