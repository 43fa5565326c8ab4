namespace Research.Framework.Plotting.Figures;

/// <summary>
/// The averages of one training epoch, in nats per example: the bound (ELBO or IWAE bound), its
/// reconstruction term E_q[log p(x|z)] and its KL term; the test values are NaN for epochs without an
/// evaluation.
/// </summary>
public sealed record EpochMetrics(int Epoch, double TrainBound, double TrainReconstruction, double TrainKl,
    double TestBound = double.NaN, double TestReconstruction = double.NaN, double TestKl = double.NaN);
