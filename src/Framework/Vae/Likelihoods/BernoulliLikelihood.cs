using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Probability;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Specs;

namespace Research.Framework.Vae.Likelihoods;

/// <summary>
/// p(x|z) = Π_i Bernoulli(x_i; sigmoid(l_i)) with the decoder's outputs as logits (Kingma and
/// Welling 2014, appendix C.1), for binary or dynamically binarized data (x in [0, 1] is allowed:
/// the cross-entropy form).
/// </summary>
public sealed record BernoulliLikelihood : ILinearOutputLikelihood
{
    public static LikelihoodDeclaration<NoOptions> Declaration { get; } = new("bernoulli", "Bernoulli with logits (binary or binarized data)",
        (_, _, _) => new BernoulliLikelihood());

    public int ParametersPerPixel => 1;

    public Tensor LogProb(Tensor x, Tensor decoderOutput) => new Bernoulli(decoderOutput).LogProb(x);

    /// <summary>The fused <see cref="Ops.LinearBernoulliLogProb"/>: the logits are never stored when no gradient is recorded.</summary>
    public Tensor LogProbOfLinear(Tensor x, Tensor hidden, Linear output) =>
        hidden.LinearBernoulliLogProb(output.Weight, output.Bias, x);

    public Tensor Mean(Tensor decoderOutput) => new Bernoulli(decoderOutput).Mean();

    public Tensor Sample(Tensor decoderOutput, Rng rng) => new Bernoulli(decoderOutput).Sample(rng);
}
