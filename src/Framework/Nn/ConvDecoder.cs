using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>
/// A convolutional decoder (PyTorch-VAE's VanillaVAE decoder, Subramanian 2020, without batch
/// normalization): an optional MLP trunk, a linear map to the smallest feature map
/// [B, Channels[0], H / 2^L, W / 2^L], transposed stride-2 convolutions through the channels (the
/// activation before each), the last one to <see cref="OutChannels"/>, flattened to [B, OutChannels H W].
/// With <c>OutChannels = C x ParametersPerPixel</c> the output is the likelihood's parameters, one block of C H W per parameter.
/// </summary>
public sealed record ConvDecoder(Mlp? Trunk, Linear Input, IReadOnlyList<ConvTranspose2d> Layers, Activation Activation, int Height, int Width) : Module
{
    public int OutChannels => Layers[^1].OutChannels;

    /// <summary>
    /// A decoder from <paramref name="latent"/> through MLP widths <paramref name="hidden"/> (may be
    /// empty) to images of <paramref name="stack"/>'s shape with <paramref name="outChannels"/> channels.
    /// </summary>
    public static ConvDecoder Create(int latent, IReadOnlyList<int> hidden, ConvStack stack, int outChannels, Activation activation, Rng rng)
    {
        var (h, w) = stack.Bottom;
        Mlp? trunk = hidden.Count == 0 ? null : Mlp.Create([latent, .. hidden], activation, rng.Split(), activateLast: true);
        var input = Linear.Create(hidden.Count == 0 ? latent : hidden[^1], stack.Channels[0] * h * w, rng.Split());
        var layers = new ConvTranspose2d[stack.Channels.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            var next = i + 1 < layers.Length ? stack.Channels[i + 1] : outChannels;
            layers[i] = ConvTranspose2d.Create(stack.Channels[i], next, ConvStack.Kernel, ConvStack.Stride, ConvStack.Padding, rng.Split());
        }
        return new ConvDecoder(trunk, input, layers, activation, stack.Height, stack.Width);
    }

    public override Tensor Forward(Tensor z)
    {
        var batch = z.Rows;
        var scale = 1 << Layers.Count;
        var h = Input.Forward(Trunk is null ? z : Trunk.Forward(z)).Reshape(batch, Layers[0].InChannels, Height / scale, Width / scale);
        foreach (var layer in Layers) h = layer.Forward(h.Apply(Activation));
        return h.Reshape(batch, OutChannels * Height * Width);
    }
}
