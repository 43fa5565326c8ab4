using Research.Framework.Randomness;

namespace Research.Framework.Data;

/// <summary>How grey levels become the binary data a Bernoulli likelihood models.</summary>
public enum Binarization
{
    /// <summary>Use the grey levels as they are (for Gaussian or logistic likelihoods).</summary>
    None,

    /// <summary>
    /// Draw x ~ Bernoulli(grey) afresh every time a batch is served (Salakhutdinov and Murray 2008;
    /// the "dynamic MNIST" of Burda et al. 2016).
    /// </summary>
    Dynamic,

    /// <summary>Draw once with a fixed seed and keep the same binary images for the whole run.</summary>
    Static,
}

public static class Binarize
{
    /// <summary>A copy of the data set with every pixel drawn once as Bernoulli(grey), from <paramref name="rng"/>.</summary>
    public static Dataset Once(Dataset data, Rng rng)
    {
        var binary = new float[data.Images.Length];
        rng.Bernoulli(data.Images, binary);
        return data with { Images = binary };
    }
}
