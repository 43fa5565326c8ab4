using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>A transposed 2-D convolution layer: <see cref="Ops.ConvTranspose2d"/> with weight [Cin, Cout, k, k] (PyTorch's layout) and a bias [Cout].</summary>
public sealed record ConvTranspose2d(Tensor Weight, Tensor? Bias, int Stride, int Padding) : Module
{
    public int InChannels => Weight.Shape[0];

    public int OutChannels => Weight.Shape[1];

    public int Kernel => Weight.Shape[2];

    /// <summary>Glorot-uniform weights (fans Cin k^2 and Cout k^2, <see cref="Initializers.ConvWeight"/>), zero bias.</summary>
    public static ConvTranspose2d Create(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng, bool bias = true)
    {
        var w = Initializers.ConvWeight(new Shape(inChannels, outChannels, kernel, kernel), inChannels * kernel * kernel, outChannels * kernel * kernel, rng);
        return new ConvTranspose2d(w, bias ? Initializers.Parameter(new Shape(outChannels)) : null, stride, padding);
    }

    /// <summary>The side of the output for an input side <paramref name="side"/>: (side - 1) s - 2p + k.</summary>
    public int OutputSide(int side) => (side - 1) * Stride - 2 * Padding + Kernel;

    public override Tensor Forward(Tensor x) => x.ConvTranspose2d(Weight, Bias, Stride, Padding);
}
