namespace Research.Framework.Nn;

/// <summary>The activations a spec can name, in the order the reference lists them (see <see cref="Activations.Apply"/> for their constants).</summary>
public static class ActivationDeclarations
{
    public static ActivationDeclaration Tanh { get; } = new("tanh", "tanh", Activation.Tanh);
    public static ActivationDeclaration Relu { get; } = new("relu", "max(0, x)", Activation.Relu);
    public static ActivationDeclaration Elu { get; } = new("elu", "exponential linear unit", Activation.Elu);
    public static ActivationDeclaration LeakyRelu { get; } = new("leaky_relu", "max(0.01 x, x)", Activation.LeakyRelu);
    public static ActivationDeclaration Softplus { get; } = new("softplus", "log(1 + e^x)", Activation.Softplus);
    public static ActivationDeclaration Sigmoid { get; } = new("sigmoid", "1 / (1 + e^-x)", Activation.Sigmoid);
}
