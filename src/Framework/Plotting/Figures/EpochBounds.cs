namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The bounds on log p(x) after one epoch, in nats per example: the objective's training bound (IWAE,
/// beta-weighted or annealed; equal to the ELBO for the plain ELBO), the training ELBO, and where the
/// epoch was evaluated the test ELBO and the importance-sampled test log-likelihood (NaN otherwise).
/// </summary>
public sealed record EpochBounds(int Epoch, double TrainBound, double TrainElbo,
    double TestElbo = double.NaN, double TestLogLikelihood = double.NaN);
