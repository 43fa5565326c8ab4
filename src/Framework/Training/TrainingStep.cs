using Research.Framework.Autodiff;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Vae;

namespace Research.Framework.Training;

/// <summary>
/// One optimizer step of a VAE on a batch: zero the gradients, the objective <c>objective.kind</c>
/// names (<see cref="ObjectiveDeclaration"/>), backward, clip the global gradient norm (when
/// <paramref name="clipNorm"/> > 0), step, and a quantizer's EMA codebook update when the objective quantized. The parameters and the optimizer's buffers are the only
/// state it changes, and it leaves them as they were when the loss is not finite.
/// </summary>
/// <param name="device">Where the model lives: each batch (drawn on the host) is moved there.</param>
public sealed class TrainingStep(VaeModel model, Optimizer optimizer, ObjectiveSpec objective, double clipNorm, Device device)
{
    private readonly ObjectiveDeclaration _objective = ObjectiveDeclaration.Of(objective);

    public VaeModel Model => model;
    public Optimizer Optimizer => optimizer;

    /// <summary>
    /// Trains on <paramref name="x"/> with KL weight <paramref name="klWeight"/> (the schedule's, times
    /// objective.beta inside the objective) at <paramref name="learningRate"/>, the objective's noise
    /// drawn from <paramref name="noise"/>. Runs in its own tensor scope, so a warm step reuses its storage.
    /// A conditional model (<see cref="VaeModel.IsConditional"/>) trains on the view of the batch's one-hot
    /// <paramref name="labels"/> [B, C] (<see cref="VaeModel.Given"/>): the objective is then a bound on log p(x|y).
    /// </summary>
    public StepResult Take(Tensor x, double klWeight, double learningRate, Rng noise, Tensor? labels = null)
    {
        optimizer.LearningRate = (float)learningRate;
        using (TensorScope.Begin())
        {
            optimizer.ZeroGrad();
            var terms = _objective.Compute(objective, model.ForBatch(labels?.To(device)), x.To(device), klWeight, noise);
            var loss = terms.Loss.Item();
            if (!float.IsFinite(loss)) return StepResult.NonFinite(loss);
            terms.Loss.Backward();
            if (clipNorm > 0) GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)clipNorm);
            optimizer.Step();
            terms.Codes?.Quantizer.Update(terms.Codes); // VQ-VAE's EMA codebook (appendix A.1) follows the step
            return new StepResult(loss, Mean(terms.Bound), Mean(terms.Elbo), Mean(terms.Reconstruction), Mean(terms.Kl), terms.Codes?.Counts());
        }
    }

    /// <summary>The mean of a small per-data-point tensor, summed in double in index order.</summary>
    private static double Mean(Tensor t)
    {
        double sum = 0;
        ReadOnlySpan<float> values = t.Device.IsTorch ? t.ToArray() : t.Data; // one small host copy per step on a LibTorch device
        foreach (var v in values) sum += v;
        return sum / t.Size;
    }
}
