using Research.Framework.Autodiff;
using Research.Framework.Probability;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Objectives;

/// <summary>
/// The pieces the importance-weighted objectives share: log weights [S, B] grouped into M bounds of
/// S/M samples each (sample s belongs to group s / (S/M), sample-major like <see cref="ModelPass"/>),
/// the stop-gradient variants the gradient estimators need, and the surrogate that gives the
/// generative model (decoder, likelihood, prior) and the posterior the gradients of different targets.
/// </summary>
/// <remarks>
/// Gradient splitting: let g(θ) be the log weights computed at the detached samples with log q
/// detached (so only the generative parameters θ reach it), and f a target of the posterior. The
/// surrogate D(g) + f(l) - f(g) has the value of D, the gradient of D for θ (f(l) and f(g) have equal
/// values and equal θ-gradients, sample by sample) and the gradient of f(l) for the posterior (g does
/// not depend on it). This is how PIWAE (Rainforth et al. 2018, section 5) and DReG (Tucker et al.
/// 2018, eq. 5 for φ, the IWAE gradient for θ) train the two halves on different targets in one
/// backward pass. A learned prior that reads the encoder (VampPrior) gets its encoder part of the
/// gradient through g, i.e. from the decoder's target.
/// </remarks>
public static class ImportanceWeights
{
    /// <summary>MIWAE: the mean over M groups of log (1/K') Σ_{k in group} exp(logW), K' = S/M: [B].</summary>
    public static Tensor GroupedLogMeanExp(Tensor logWeights, int groups)
    {
        if (groups == 1) return IwaeObjective.LogMeanExp(logWeights);
        var (s, b) = Split(logWeights, groups);
        var k = s / groups;
        return logWeights.Reshape(groups, k, b).LogSumExp(axis: 1).AddScalar(-MathF.Log(k)).Mean(axis: 0);
    }

    /// <summary>The self-normalized weights w̃ within each group, [S, B], detached (constants of the gradient).</summary>
    public static Tensor NormalizedWeights(Tensor logWeights, int groups)
    {
        var (s, b) = Split(logWeights, groups);
        var grouped = logWeights.Reshape(groups, s / groups, b);
        return grouped.Subtract(grouped.LogSumExp(axis: 1, keepDim: true)).Exp().Reshape(s, b).Detach();
    }

    /// <summary>
    /// log p(x|z) + beta (log p(z) - log q_φ'(z|x)) with φ' = stop-gradient(φ): the weights of STL
    /// (Roeder et al. 2017, eq. 8), [S, B]. The samples keep their reparameterized path, so only the
    /// path derivative ∂log w/∂z ∂z/∂φ reaches the posterior. Needs a Gaussian posterior without flows.
    /// </summary>
    public static Tensor StickingLogWeights(ModelPass pass, float beta = 1f)
    {
        var q = pass.Sample.Gaussian ?? throw new NotSupportedException(
            "The stl and dreg estimators evaluate log q with its parameters held fixed, which needs a plain diagonal Gaussian posterior (no flow, one stochastic layer).");
        var frozen = new DiagonalNormal(q.Mean.Detach(), q.LogStd.Detach());
        var logQ = frozen.LogProb(pass.Sample.Z).Reshape(pass.K, pass.B);
        return Weights(pass.LogLikelihood, pass.LogPrior, logQ, beta);
    }

    /// <summary>The log weights at the detached samples with log q detached, [S, B]: their gradient reaches only the generative model.</summary>
    public static Tensor GenerativeLogWeights(VaeModel model, Tensor x, ModelPass pass, float beta = 1f)
    {
        var z = pass.Sample.Z.Detach();
        var logPxz = model.LogLikelihood(x, z).Reshape(pass.K, pass.B);
        var logPz = model.Prior.LogProb(z).Reshape(pass.K, pass.B);
        return Weights(logPxz, logPz, pass.LogPosterior.Detach(), beta);
    }

    /// <summary>
    /// The per-data-point surrogate [B] whose value is the MIWAE bound with <paramref name="decoderGroups"/>
    /// groups and whose gradient is: for the generative model, that bound's; for the posterior, the
    /// <paramref name="estimator"/>'s gradient of the MIWAE bound with <paramref name="encoderGroups"/>
    /// groups (standard, STL, or DReG within each group: Tucker et al. 2018, eq. 5, applied per group).
    /// </summary>
    public static Tensor Surrogate(VaeModel model, Tensor x, ModelPass pass, float beta, int decoderGroups, int encoderGroups, GradientEstimator estimator)
    {
        var logWeights = pass.LogWeights(beta);
        if (decoderGroups == encoderGroups && estimator != GradientEstimator.Dreg)
            return GroupedLogMeanExp(estimator == GradientEstimator.Stl ? StickingLogWeights(pass, beta) : logWeights, decoderGroups);
        var generative = GenerativeLogWeights(model, x, pass, beta);
        var encoderWeights = estimator == GradientEstimator.Standard ? logWeights : StickingLogWeights(pass, beta);
        var squared = estimator == GradientEstimator.Dreg ? NormalizedWeights(logWeights, encoderGroups).Square() : null;
        Tensor EncoderTarget(Tensor l) => squared is null
            ? GroupedLogMeanExp(l, encoderGroups)
            : l.Multiply(squared).Sum(axis: 0).MulScalar(1f / encoderGroups);
        return GroupedLogMeanExp(generative, decoderGroups).Add(EncoderTarget(encoderWeights)).Subtract(EncoderTarget(generative));
    }

    private static Tensor Weights(Tensor logPxz, Tensor logPz, Tensor logQ, float beta)
    {
        var logRatio = logPz.Subtract(logQ);
        return logPxz.Add(beta == 1f ? logRatio : logRatio.MulScalar(beta));
    }

    private static (int S, int B) Split(Tensor logWeights, int groups)
    {
        var (s, b) = (logWeights.Shape[0], logWeights.Shape[1]);
        if (groups < 1 || s % groups != 0) throw new ArgumentException($"{s} samples do not split into {groups} equal groups.", nameof(groups));
        return (s, b);
    }

    /// <summary>
    /// The terms every importance-weighted objective reports besides its loss and bound: the per-point
    /// reconstruction E_q[log p(x|z)] and KL over the pass's samples, their difference (the ELBO) and the log weights.
    /// </summary>
    public static ElboTerms Terms(ModelPass pass, Tensor loss, Tensor bound, Tensor logWeights)
    {
        var reconstruction = pass.LogLikelihood.Mean(axis: 0);
        var kl = pass.Kl();
        return new ElboTerms(loss, bound, reconstruction.Subtract(kl), reconstruction, kl, null, logWeights);
    }
}
