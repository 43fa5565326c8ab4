namespace Research.Framework.Training;

/// <summary>
/// What one training step reports, as host numbers (the step's tensors are gone once it returns):
/// the loss and the batch means of the bound, the ELBO, the reconstruction term and the KL. A step
/// whose loss is NaN or infinite changed nothing and reports only the loss.
/// </summary>
/// <param name="CodeCounts">How often each code was chosen in the batch (VQ-VAE), else null.</param>
public sealed record StepResult(float Loss, double Bound, double Elbo, double Reconstruction, double Kl, long[]? CodeCounts = null)
{
    public bool IsFinite => float.IsFinite(Loss);

    public static StepResult NonFinite(float loss) => new(loss, double.NaN, double.NaN, double.NaN, double.NaN);
}
