namespace Research.Framework.Objectives;

/// <summary>
/// How an importance-weighted objective's gradient reaches the posterior (the encoder); the
/// decoder's and prior's gradient is the plain gradient of the bound in every case
/// (<c>objective.estimator</c>).
/// </summary>
public enum GradientEstimator
{
    /// <summary>The reparameterized gradient of the bound itself (Burda et al. 2016, eq. 13).</summary>
    Standard,

    /// <summary>
    /// "Sticking the landing" (Roeder, Wu and Duvenaud 2017, eq. 8 and section 5 for IWAE): log q is
    /// evaluated with its parameters held fixed (stop-gradient), which drops the score-function term
    /// E_q[∇_φ log q_φ(z)] (zero in expectation) and so the gradient's variance at the exact posterior.
    /// </summary>
    Stl,

    /// <summary>
    /// Doubly reparameterized gradients (Tucker, Lawson, Gu and Maddison 2018, eq. 5 for IWAE):
    /// ∇_φ IWAE_K = E[Σ_i w̃_i² ∂log w_i/∂z_i ∂z_i/∂φ] with w̃ the self-normalized weights and log q's
    /// parameters held fixed; unbiased, with a signal-to-noise ratio that does not vanish as K grows.
    /// </summary>
    Dreg,
}

/// <summary>The spec names of <see cref="GradientEstimator"/>.</summary>
public static class GradientEstimators
{
    /// <summary>The YAML names: standard, stl, dreg.</summary>
    public static IReadOnlyList<string> Names { get; } = ["standard", "stl", "dreg"];

    /// <summary>The estimator a spec names (<c>objective.estimator</c>).</summary>
    public static GradientEstimator Parse(string name) => name switch
    {
        "standard" => GradientEstimator.Standard,
        "stl" => GradientEstimator.Stl,
        "dreg" => GradientEstimator.Dreg,
        _ => throw new ArgumentException($"Unknown gradient estimator '{name}' (expected one of {string.Join(", ", Names)}).", nameof(name)),
    };
}
