using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>Decodings of latent codes to the likelihood's mean, on the host: what image figures show.</summary>
public static class LatentDecoding
{
    /// <summary>The likelihood's mean at each latent row of <paramref name="codes"/> ([rows, Latent]), row-major [rows, P].</summary>
    public static float[] Means(VaeModel model, ReadOnlySpan<float> codes)
    {
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        var z = Tensor.FromArray(codes, new Shape(codes.Length / model.Latent, model.Latent), model.ParameterDevice());
        return model.DecodeMean(z).ToArray();
    }

    /// <summary>
    /// Means of p(x|z) at <paramref name="count"/> draws z ~ p(z), row-major [count, P]: the usual way to show
    /// MNIST samples, since Bernoulli draws of the pixels add salt-and-pepper noise that hides what the model learned.
    /// </summary>
    public static float[] PriorSampleMeans(VaeModel model, int count, Rng rng)
    {
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        return model.DecodeMean(model.Prior.Sample(count, rng)).ToArray();
    }
}
