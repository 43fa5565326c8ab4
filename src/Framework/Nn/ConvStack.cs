namespace Research.Framework.Nn;

/// <summary>
/// The shape of a convolutional stack: images of <paramref name="ImageChannels"/> x
/// <paramref name="Height"/> x <paramref name="Width"/> (rows of data are their NCHW flattening) and
/// the channels of its hidden layers, each a kernel-<see cref="Kernel"/> stride-<see cref="Stride"/>
/// padding-<see cref="Padding"/> convolution that halves the sides (the blocks of PyTorch-VAE's
/// models, Subramanian 2020, without batch normalization).
/// </summary>
/// <param name="Channels">Hidden channels: from the image up for an encoder, from the latent down for a decoder.</param>
public sealed record ConvStack(IReadOnlyList<int> Channels, int ImageChannels, int Height, int Width)
{
    public const int Kernel = 4, Stride = 2, Padding = 1;

    /// <summary>The side of the smallest feature map: each layer maps a side s to s / 2.</summary>
    public (int Height, int Width) Bottom
    {
        get
        {
            var scale = 1 << Channels.Count;
            if (Channels.Count == 0 || Height % scale != 0 || Width % scale != 0)
                throw new ArgumentException(
                    $"A stack of {Channels.Count} stride-2 convolutions needs image sides divisible by {scale}, got {Height}x{Width} (channels [{string.Join(", ", Channels)}]).");
            return (Height / scale, Width / scale);
        }
    }

    /// <summary>Square single-channel images whose flattening has <paramref name="inputSize"/> pixels (28x28 for 784).</summary>
    public static ConvStack Square(IReadOnlyList<int> channels, int inputSize)
    {
        var side = (int)Math.Round(Math.Sqrt(inputSize));
        if (side * side != inputSize)
            throw new ArgumentException($"Convolutional networks need square single-channel images; rows of {inputSize} pixels are not square.");
        return new ConvStack(channels, 1, side, side);
    }
}
