using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>The observation model p(x|z), parameterized by the decoder's output.</summary>
public interface ILikelihood
{
    /// <summary>Decoder outputs per pixel (1 for Bernoulli logits, 2 for a mean and a log-scale).</summary>
    int ParametersPerPixel { get; }

    /// <summary>
    /// log p(x|z) per row [N], for data x [B, P] and decoder output [N, P * ParametersPerPixel]
    /// with N = K * B (x is repeated over the K samples).
    /// </summary>
    Tensor LogProb(Tensor x, Tensor decoderOutput);

    /// <summary>The mean of p(x|z) per row [N, P] (for reconstructions and sample grids).</summary>
    Tensor Mean(Tensor decoderOutput);

    /// <summary>A draw x ~ p(x|z) per row [N, P].</summary>
    Tensor Sample(Tensor decoderOutput, Rng rng);
}
