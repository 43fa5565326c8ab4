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

    /// <summary>
    /// Means of p(x|z, y) of a conditional model at z ~ p(z|y) (Sohn et al. 2015, section 4: generation
    /// given the label) for each label of <paramref name="labels"/>, row-major [labels.Length, P].
    /// </summary>
    public static float[] ConditionalSampleMeans(VaeModel model, ReadOnlySpan<int> labels, Rng rng)
    {
        var condition = model.Condition ?? throw new InvalidOperationException("Samples given a label need a conditional VAE (model.condition.on: label).");
        using var noGrad = NoGrad.Begin();
        using var scope = TensorScope.Begin();
        var view = model.Given(OneHot.Encode(labels, condition.Classes).To(model.ParameterDevice()));
        return view.DecodeMean(view.Prior.Sample(labels.Length, rng)).ToArray();
    }

    /// <summary><paramref name="perClass"/> labels of each class in turn (0, 0, .., 1, 1, ..): the rows of a samples-per-class grid.</summary>
    public static int[] ClassRows(int classes, int perClass) =>
        Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, perClass)).ToArray();
}
