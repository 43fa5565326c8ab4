using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>Weight initializers, each drawing from an explicit generator.</summary>
/// <remarks>
/// Parameters are made on the host, where seeded draws write their spans, so one seed gives the same
/// model everywhere; <see cref="Module.To"/> then moves a built model to its device.
/// </remarks>
public enum Init
{
    /// <summary>Glorot and Bengio 2010, eq. 16: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).</summary>
    GlorotUniform,

    /// <summary>He et al. 2015, section 2.2: N(0, 2 / fan_in), for ReLU networks.</summary>
    HeNormal,
}

public static class Initializers
{
    /// <summary>A new parameter tensor [fanIn, fanOut] drawn by <paramref name="init"/>.</summary>
    public static Tensor Weight(int fanIn, int fanOut, Init init, Rng rng)
    {
        var w = Parameter(new Shape(fanIn, fanOut));
        switch (init)
        {
            case Init.GlorotUniform:
                var a = MathF.Sqrt(6f / (fanIn + fanOut));
                rng.Uniform(w.Data, -a, a);
                break;
            case Init.HeNormal:
                rng.Normal(w.Data, 0f, MathF.Sqrt(2f / fanIn));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown initializer.");
        }
        return w;
    }

    /// <summary>
    /// A convolution kernel of <paramref name="shape"/> by Glorot and Bengio 2010 (eq. 16) with the
    /// receptive field counted in the fans (fan_in = Cin k^2, fan_out = Cout k^2).
    /// </summary>
    public static Tensor ConvWeight(Shape shape, int fanIn, int fanOut, Rng rng)
    {
        var w = Parameter(shape);
        var a = MathF.Sqrt(6f / (fanIn + fanOut));
        rng.Uniform(w.Data, -a, a);
        return w;
    }

    /// <summary>A zeroed parameter: persistent (outside any scope) and requiring grad.</summary>
    public static Tensor Parameter(Shape shape)
    {
        if (TensorScope.Innermost is not null)
            throw new InvalidOperationException("Create parameters outside any TensorScope: they must outlive training steps.");
        var p = Tensor.Zeros(shape);
        p.RequiresGrad = true;
        return p;
    }
}
