namespace Research.Framework.Specs;

/// <summary>
/// The <c>model.condition:</c> section: what the VAE is conditioned on (<c>none</c> or <c>label</c>:
/// a conditional VAE, Sohn et al. 2015) and its prior (<c>standard</c>: model.prior; <c>conditional</c>:
/// a learned Gaussian p(z|y)).
/// </summary>
public sealed record ConditionSpec(string On, string Prior)
{
    /// <summary>Whether p(z|y) is the learned prior network rather than model.prior.</summary>
    public bool LearnedPrior => Prior == "conditional";
}
