using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>The posterior means E_q[z|x] of a set of images: the codes that latent figures and traversals start from.</summary>
public static class LatentCodes
{
    /// <summary>Images encoded at once.</summary>
    public const int DefaultBatch = 250;

    /// <summary>Posterior samples averaged for E_q[z] when the posterior is not a plain Gaussian (flows, ladders).</summary>
    public const int DefaultMonteCarloSamples = 32;

    /// <summary>
    /// E_q[z|x] of the <paramref name="count"/> images in <paramref name="images"/> (row-major [count, features]),
    /// row-major [count, Latent] on the host. A plain Gaussian posterior's mean is exact and takes one draw;
    /// other posteriors average <paramref name="monteCarloSamples"/> draws (<see cref="ActiveUnits.PosteriorMeans"/>).
    /// Batches are made on the model's device; nothing pooled outlives the call. A conditional model encodes
    /// with the images' <paramref name="labels"/> (E_q(z|x,y)[z]).
    /// </summary>
    public static float[] PosteriorMeans(VaeModel model, ReadOnlySpan<float> images, int count, Rng rng,
        int batch = DefaultBatch, int monteCarloSamples = DefaultMonteCarloSamples, int[]? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var d = model.Latent;
        var codes = new float[count * d];
        if (count == 0) return codes;
        var features = images.Length / count;
        using var noGrad = NoGrad.Begin();
        for (var start = 0; start < count; start += batch)
        {
            var n = Math.Min(batch, count - start);
            using var scope = TensorScope.Begin();
            var x = Tensor.FromArray(images.Slice(start * features, n * features), new Shape(n, features), model.ParameterDevice());
            var encoder = model.ForBatch(model.Condition is { } c && labels is not null ? OneHot.Encode(labels.AsSpan(start, n), c.Classes).To(x.Device) : null);
            var mean = encoder.Posterior.Sample(x, 1, rng).Gaussian?.Mean ?? ActiveUnits.PosteriorMeans(encoder, x, rng, monteCarloSamples);
            mean.ToArray().CopyTo(codes.AsSpan(start * d, n * d));
        }
        return codes;
    }
}
