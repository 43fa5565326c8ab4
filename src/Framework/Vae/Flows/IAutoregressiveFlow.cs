namespace Research.Framework.Vae.Flows;

/// <summary>
/// A flow whose output i depends only on inputs of lower degree and on input i itself, so its
/// Jacobian is triangular in degree order (dz'_i/dz_j = 0 when Degrees[j] &gt; Degrees[i]).
/// The conformance tests check this for every registered flow that declares it.
/// </summary>
public interface IAutoregressiveFlow
{
    /// <summary>The degree (1..D, a permutation) of each input coordinate.</summary>
    IReadOnlyList<int> Degrees { get; }
}
