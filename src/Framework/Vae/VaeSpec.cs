using Research.Framework.Nn;

namespace Research.Framework.Vae;

/// <summary>A component by its spec name, with its own settings.</summary>
public sealed record ComponentChoice(string Name, IReadOnlyDictionary<string, object>? Settings = null)
{
    public static implicit operator ComponentChoice(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>
/// What a VAE is made of: the shared sizes (<see cref="ComponentOptions"/>; its Settings are
/// replaced by each component's own) and the prior, posterior and likelihood by name.
/// </summary>
/// <param name="DecoderHidden">The decoder's hidden widths; default the encoder's reversed.</param>
/// <param name="DecoderActivation">The decoder's activation; default the encoder's.</param>
/// <param name="DecoderConv">Transposed-convolution channels of the decoder after its MLP (null: an MLP decoder; <see cref="ConvDecoder"/>).</param>
/// <param name="Condition">Conditioning on one-hot labels (a conditional VAE, Sohn et al. 2015); null: unconditional.</param>
public sealed record VaeSpec(
    ComponentOptions Options,
    ComponentChoice Prior,
    ComponentChoice Posterior,
    ComponentChoice Likelihood,
    IReadOnlyList<int>? DecoderHidden = null,
    Activation? DecoderActivation = null,
    ConvStack? DecoderConv = null,
    Conditioning? Condition = null);
