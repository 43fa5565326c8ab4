namespace Research.Framework.Evaluation;

/// <summary>
/// Sample sizes of the disentanglement metrics; the defaults are disentanglement_lib's (beta-VAE and
/// FactorVAE: batch 64, 10,000 training and 5,000 evaluation points, 10,000 codes for FactorVAE's global
/// variance; MIG: 10,000 codes, 20 bins; DCI: 10,000 training and 5,000 test codes).
/// </summary>
/// <param name="BatchSize">Pairs averaged per beta-VAE point; codes per FactorVAE vote.</param>
/// <param name="TrainPoints">beta-VAE training points and FactorVAE training votes.</param>
/// <param name="EvalPoints">beta-VAE evaluation points and FactorVAE evaluation votes.</param>
/// <param name="VarianceSamples">Codes for FactorVAE's global variance (and its pruning of inactive codes).</param>
/// <param name="Samples">Uniformly drawn (factors, code) pairs for MIG and DCI's training set.</param>
/// <param name="TestSamples">Further pairs for DCI's test set (informativeness).</param>
/// <param name="Bins">Equal-width bins per code in MIG.</param>
public sealed record DisentanglementOptions(
    int BatchSize = 64, int TrainPoints = 10_000, int EvalPoints = 5_000, int VarianceSamples = 10_000,
    int Samples = 10_000, int TestSamples = 5_000, int Bins = 20);
