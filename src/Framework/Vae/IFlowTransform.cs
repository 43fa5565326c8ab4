using Research.Framework.Tensors;

namespace Research.Framework.Vae;

/// <summary>
/// One invertible step of a normalizing flow: z' = f(z) and log|det df/dz| per row, returned
/// together (Pyro's contract, without a cache). <paramref name="context"/> is the encoder's
/// hidden state repeated per row [N, H] for conditional (amortized) flows such as IAF; a flow
/// with global parameters ignores it.
/// </summary>
public interface IFlowTransform
{
    /// <summary>Maps z [N, D] to (z' [N, D], log|det J| [N]).</summary>
    (Tensor Z, Tensor LogAbsDetJacobian) Forward(Tensor z, Tensor? context);
}
