using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>
/// A convolutional feature extractor: data rows [B, C H W] are viewed as images [B, C, H, W], pass
/// through stride-2 convolutions each followed by the activation, and leave flattened [B, OutFeatures]
/// (the encoder of PyTorch-VAE's VanillaVAE before its linear mean and log-variance heads).
/// </summary>
public sealed record ConvEncoder(IReadOnlyList<Conv2d> Layers, Activation Activation, int ImageChannels, int Height, int Width) : Module
{
    /// <summary>The width of the flattened output: last channels x bottom side squared.</summary>
    public int OutFeatures { get; init; }

    public static ConvEncoder Create(ConvStack stack, Activation activation, Rng rng)
    {
        var (h, w) = stack.Bottom;
        var layers = new Conv2d[stack.Channels.Count];
        var inChannels = stack.ImageChannels;
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i] = Conv2d.Create(inChannels, stack.Channels[i], ConvStack.Kernel, ConvStack.Stride, ConvStack.Padding, rng.Split());
            inChannels = stack.Channels[i];
        }
        return new ConvEncoder(layers, activation, stack.ImageChannels, stack.Height, stack.Width) { OutFeatures = inChannels * h * w };
    }

    public override Tensor Forward(Tensor x)
    {
        var batch = x.Size / (ImageChannels * Height * Width);
        var h = x.Reshape(batch, ImageChannels, Height, Width);
        foreach (var layer in Layers) h = layer.Forward(h).Apply(Activation);
        return h.Reshape(batch, OutFeatures);
    }
}
