using Research.Framework.Autodiff;
using Research.Framework.Specs;
using Research.Framework.Tensors;

namespace Research.Framework.Nn;

/// <summary>The elementwise nonlinearities a spec can name.</summary>
public enum Activation { Identity, Tanh, Relu, Elu, LeakyRelu, Softplus, Sigmoid }

public static class Activations
{
    /// <summary>Applies <paramref name="activation"/> (ELU with alpha 1, leaky ReLU with slope 0.01, as PyTorch's defaults).</summary>
    public static Tensor Apply(this Tensor x, Activation activation) => activation switch
    {
        Activation.Identity => x,
        Activation.Tanh => x.Tanh(),
        Activation.Relu => x.Relu(),
        Activation.Elu => x.Elu(1f),
        Activation.LeakyRelu => x.LeakyRelu(0.01f),
        Activation.Softplus => x.Softplus(),
        Activation.Sigmoid => x.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>The activation a spec names ("tanh", "relu", "leaky_relu", ...; see <see cref="ActivationDeclarations"/>), listing the valid ones otherwise.</summary>
    public static Activation Parse(string name) => ComponentDeclarations.Find<ActivationDeclaration>(ComponentKind.Activation, name).Function;
}
