using Research.Framework.Randomness;
using Research.Framework.Vae;

namespace Research.Framework.Evaluation;

/// <summary>
/// The disentanglement of a trained VAE's representation, its posterior mean E_q[z|x] (disentanglement_lib's
/// "mean" representation), scored against a <see cref="GroundTruthProcess"/> by the four metrics of
/// disentanglement_lib: <see cref="BetaVaeScore"/>, <see cref="FactorVaeScore"/>, <see cref="MutualInformationGap"/>
/// and <see cref="Dci"/>. All lie in [0, 1] (MIG is NaN for a one-unit latent).
/// </summary>
public sealed record DisentanglementResult(
    double BetaVaeScore, double FactorVaeScore, double Mig,
    double DciDisentanglement, double DciCompleteness, double DciInformativeness)
{
    /// <summary>The MLflow metric names and values.</summary>
    public IEnumerable<KeyValuePair<string, double>> Metrics()
    {
        yield return new("beta_vae_score", BetaVaeScore);
        yield return new("factor_vae_score", FactorVaeScore);
        yield return new("mig", Mig);
        yield return new("dci_disentanglement", DciDisentanglement);
        yield return new("dci_completeness", DciCompleteness);
        yield return new("dci_informativeness", DciInformativeness);
    }

    /// <summary>The metric names <see cref="Metrics"/> yields, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["beta_vae_score", "factor_vae_score", "mig", "dci_disentanglement", "dci_completeness", "dci_informativeness"];

    /// <summary>
    /// Scores <paramref name="model"/> on <paramref name="process"/>. Each metric draws its factors from its own
    /// keyed child of <paramref name="rng"/>, so changing one metric's sizes leaves the others' numbers alone;
    /// the same seed gives the same scores on the same device.
    /// </summary>
    public static DisentanglementResult Compute(VaeModel model, GroundTruthProcess process, DisentanglementOptions options, Rng rng)
    {
        var represent = Representation(model, process, rng.Split(1));
        var o = options;
        var betaVae = Evaluation.BetaVaeScore.Compute(process.Sizes, represent, rng.Split(2), o.BatchSize, o.TrainPoints, o.EvalPoints);
        var factorVae = Evaluation.FactorVaeScore.Compute(process.Sizes, represent, rng.Split(3), o.BatchSize, o.TrainPoints, o.EvalPoints, o.VarianceSamples);
        var (f, d) = (process.FactorCount, model.Latent);
        var sampling = rng.Split(4);
        var trainFactors = FactorSampling.Uniform(process.Sizes, o.Samples, sampling.Split(1));
        var trainCodes = represent(trainFactors, o.Samples);
        var testFactors = FactorSampling.Uniform(process.Sizes, o.TestSamples, sampling.Split(2));
        var testCodes = represent(testFactors, o.TestSamples);
        // MIG is the gap between the two most informative units: undefined for one unit.
        var mig = d >= 2 ? MutualInformationGap.Compute(trainFactors, f, trainCodes, d, o.Bins).Score : double.NaN;
        var dci = Dci.Compute(trainFactors, trainCodes, testFactors, testCodes, f, d);
        return new DisentanglementResult(betaVae.Score, factorVae.Score, mig, dci.Disentanglement, dci.Completeness, dci.Informativeness);
    }

    /// <summary>Factors -> rendered images -> posterior means (<see cref="LatentCodes.PosteriorMeans"/>), on the model's device.</summary>
    public static Representation Representation(VaeModel model, GroundTruthProcess process, Rng rng) =>
        (factors, count) => LatentCodes.PosteriorMeans(model, process.Render(factors, count), count, rng.Split());
}
