namespace Research.Framework.Specs;

/// <summary>The <c>model:</c> section: latent size, networks, the prior / posterior / likelihood components and the conditioning.</summary>
public sealed record ModelSpec(
    int Latent,
    NetworkSpec Encoder,
    NetworkSpec Decoder,
    ComponentSpec Prior,
    ComponentSpec Posterior,
    ComponentSpec Likelihood,
    ValueList<LayerSpec> Layers,
    ConditionSpec? Condition = null)
{
    /// <summary>Whether the model is conditioned on the data's labels (model.condition.on: label).</summary>
    public bool IsConditional => Condition?.On == "label";
}

/// <summary>A network: MLP hidden widths, activation and optional convolutional channels (empty: an MLP).</summary>
public sealed record NetworkSpec(ValueList<int> Mlp, ComponentSpec Activation, ValueList<int> Conv);

/// <summary>One stochastic layer of a hierarchical model: its latent size and the hidden widths of its networks.</summary>
public sealed record LayerSpec(int Latent, ValueList<int> Hidden);
