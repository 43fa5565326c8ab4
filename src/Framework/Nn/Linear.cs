using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>An affine map y = x W + b, with W stored [in, out] (so the forward is a plain product).</summary>
public sealed record Linear(Tensor Weight, Tensor? Bias) : Module
{
    public int InFeatures => Weight.Shape[0];

    public int OutFeatures => Weight.Shape[1];

    public static Linear Create(int inFeatures, int outFeatures, Rng rng, Init init = Init.GlorotUniform, bool bias = true) =>
        new(Initializers.Weight(inFeatures, outFeatures, init, rng), bias ? Initializers.Parameter(new Shape(outFeatures)) : null);

    public override Tensor Forward(Tensor x) => x.Linear(Weight, Bias);
}
