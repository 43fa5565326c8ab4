using Research.Framework.Nn;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>
/// A likelihood that can score x straight from the decoder's last hidden activations and its last
/// linear layer, so that a fused kernel need not store the decoder output [K*B, P] (evaluation with
/// K in the thousands). The result equals <see cref="ILikelihood.LogProb"/> of that layer's output.
/// </summary>
public interface ILinearOutputLikelihood : ILikelihood
{
    /// <summary>log p(x|z) per row [N] for data x [B, P] and decoder output <c>output.Forward(hidden)</c>.</summary>
    Tensor LogProbOfLinear(Tensor x, Tensor hidden, Linear output);
}
