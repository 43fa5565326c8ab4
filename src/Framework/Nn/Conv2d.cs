using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>A 2-D convolution layer: <see cref="Ops.Conv2d"/> with weight [Cout, Cin, k, k] (PyTorch's layout) and a bias [Cout].</summary>
public sealed record Conv2d(Tensor Weight, Tensor? Bias, int Stride, int Padding) : Module
{
    public int InChannels => Weight.Shape[1];

    public int OutChannels => Weight.Shape[0];

    public int Kernel => Weight.Shape[2];

    /// <summary>
    /// Weights by Glorot and Bengio 2010 (eq. 16) with the receptive field in the fans:
    /// fan_in = Cin k^2, fan_out = Cout k^2; zero bias.
    /// </summary>
    public static Conv2d Create(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng, bool bias = true)
    {
        var w = Initializers.ConvWeight(new Shape(outChannels, inChannels, kernel, kernel), inChannels * kernel * kernel, outChannels * kernel * kernel, rng);
        return new Conv2d(w, bias ? Initializers.Parameter(new Shape(outChannels)) : null, stride, padding);
    }

    /// <summary>The side of the output for an input side <paramref name="side"/>: (side + 2p - k) / s + 1.</summary>
    public int OutputSide(int side) => (side + 2 * Padding - Kernel) / Stride + 1;

    public override Tensor Forward(Tensor x) => x.Conv2d(Weight, Bias, Stride, Padding);
}
