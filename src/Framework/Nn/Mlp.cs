using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>A multilayer perceptron: linear layers with an activation between them (and optionally after the last).</summary>
public sealed record Mlp(IReadOnlyList<Linear> Layers, Activation Activation, bool ActivateLast) : Module
{
    /// <summary>
    /// Builds layers of widths <paramref name="sizes"/> (input first, output last); each layer
    /// draws its weights from its own child of <paramref name="rng"/>.
    /// </summary>
    public static Mlp Create(IReadOnlyList<int> sizes, Activation activation, Rng rng, Init init = Init.GlorotUniform, bool activateLast = false)
    {
        if (sizes.Count < 2) throw new ArgumentException($"An MLP needs at least an input and an output size, got [{string.Join(", ", sizes)}].");
        foreach (var s in sizes)
            if (s < 1) throw new ArgumentException($"MLP layer sizes must be positive, got [{string.Join(", ", sizes)}].");
        var layers = new Linear[sizes.Count - 1];
        for (var i = 0; i < layers.Length; i++) layers[i] = Linear.Create(sizes[i], sizes[i + 1], rng.Split(), init);
        return new Mlp(layers, activation, activateLast);
    }

    /// <summary>The input of the last layer: every layer but the last, each with its activation.</summary>
    public Tensor Hidden(Tensor x)
    {
        for (var i = 0; i < Layers.Count - 1; i++) x = Layers[i].Forward(x).Apply(Activation);
        return x;
    }

    public override Tensor Forward(Tensor x)
    {
        for (var i = 0; i < Layers.Count; i++)
        {
            x = Layers[i].Forward(x);
            if (i < Layers.Count - 1 || ActivateLast) x = x.Apply(Activation);
        }
        return x;
    }
}
