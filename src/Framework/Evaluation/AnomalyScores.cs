using Research.Framework.Autodiff;
using Research.Framework.Objectives;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>Per-example anomaly scores of a trained VAE: higher means less likely under the model.</summary>
/// <param name="NegativeLogLikelihood">-log p(x), importance-sampled with K samples (Burda et al. 2016, eq. 8 at large K).</param>
/// <param name="NegativeElbo">-ELBO(x) (Kingma and Welling 2014, eq. 3), the closed-form KL where it exists, reconstruction over a few samples.</param>
public sealed record AnomalyScores(double[] NegativeLogLikelihood, double[] NegativeElbo)
{
    /// <summary>The scores of every row of every batch (host or device tensors [B, P]), in order.</summary>
    /// <param name="k">Importance samples for log p(x), drawn <paramref name="chunk"/> at a time.</param>
    /// <param name="elboSamples">Posterior samples for the ELBO's reconstruction term.</param>
    public static AnomalyScores Compute(VaeModel model, IEnumerable<Tensor> batches, int k, Rng rng, int elboSamples = 16, int chunk = 500)
    {
        var nll = new List<double>();
        var nelbo = new List<double>();
        foreach (var batch in batches)
        {
            nll.AddRange(ImportanceSampling.LogLikelihood(model, batch, k, rng.Split(), chunk).Select(v => -v));
            using var noGrad = NoGrad.Begin();
            using var scope = TensorScope.Begin();
            var elbo = ElboObjective.Compute(model, batch.To(model.ParameterDevice()), rng.Split(), k: elboSamples).Elbo.ToArray();
            nelbo.AddRange(elbo.Select(v => -(double)v));
        }
        return new AnomalyScores(nll.ToArray(), nelbo.ToArray());
    }
}
