using Research.Framework.Autodiff;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// The importance-sampled estimate of the marginal log-likelihood with the posterior as proposal
/// (Burda et al. 2016, section 5.2 and Appendix; Rezende et al. 2014, eq. 19):
/// log p(x) ≈ log (1/K) Σ_k p(x, z_k) / q(z_k|x), z_k ~ q(z|x), i.e. the IWAE_K bound, which is
/// consistent as K grows (K = 5000 in the IWAE paper).
/// </summary>
/// <remarks>
/// The K samples are drawn in chunks of <c>chunk</c> per data point, each chunk in its own
/// <see cref="TensorScope"/> under <see cref="NoGrad"/>, so memory is bounded by one chunk
/// (chunk * B latent rows and decoder outputs) whatever K is. Chunk log-sum-exps are combined
/// with a running log-sum-exp in double precision. x may be on the host: it is moved to the model's
/// device once, and only the chunks' log-sum-exps come back.
/// </remarks>
public static class ImportanceSampling
{
    /// <summary>The estimate of log p(x) for each row of x [B, P]: double[B].</summary>
    public static double[] LogLikelihood(VaeModel model, Tensor x, int k, Rng rng, int chunk = 500)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 1.");
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "The chunk must be at least 1.");
        var b = x.Shape.Rows;
        var running = new double[b];
        Array.Fill(running, double.NegativeInfinity);
        using var noGrad = NoGrad.Begin();
        using var batch = TensorScope.Begin(); // owns x's copy on the model's device
        var data = x.To(model.ParameterDevice());
        for (var done = 0; done < k; done += chunk)
        {
            var n = Math.Min(chunk, k - done);
            using var scope = TensorScope.Begin();
            var logWeights = ModelPass.Run(model, data, n, rng, analyticKl: false).LogWeights(); // [n, B]
            var lse = logWeights.LogSumExp(axis: 0).ToHost().Data;
            for (var i = 0; i < b; i++) running[i] = LogAddExp(running[i], lse[i]);
        }
        var logK = Math.Log(k);
        for (var i = 0; i < b; i++) running[i] -= logK;
        return running;
    }

    /// <summary>log(e^a + e^b) without overflow; -inf when both are -inf.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        var m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }
}
