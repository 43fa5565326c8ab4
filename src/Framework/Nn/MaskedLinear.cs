using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>
/// A linear layer whose weight is multiplied by a fixed 0/1 mask, y = x (W * M) + b: the building
/// block of MADE (Germain et al. 2015, eq. 10) and so of IAF.
/// </summary>
public sealed record MaskedLinear(Tensor Weight, Tensor? Bias, [property: Buffer] Tensor Mask) : Module
{
    public static MaskedLinear Create(Tensor mask, Rng rng, Init init = Init.GlorotUniform, bool bias = true)
    {
        if (mask.Shape.Rank != 2) throw new ArgumentException($"A MaskedLinear mask must be [in, out], got {mask.Shape}.");
        var (inFeatures, outFeatures) = (mask.Shape[0], mask.Shape[1]);
        return new(Initializers.Weight(inFeatures, outFeatures, init, rng), bias ? Initializers.Parameter(new Shape(outFeatures)) : null, mask);
    }

    public override Tensor Forward(Tensor x)
    {
        var y = x.MaskedMatMul(Weight, Mask);
        return Bias is null ? y : y.Add(Bias);
    }
}
