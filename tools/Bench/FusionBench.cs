using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Training;
using Research.Framework.Vae;

namespace Research.Bench;

/// <summary>
/// One IWAE training step (zero grads, K-sample bound, backward, Adam) of the IWAE paper's one-layer
/// model (784-200-200-50, tanh, Bernoulli) on a batch of binary images, three ways: "stored" (Linear, then
/// the fused BernoulliLogProb reduction: the training path before), "fused" (<see cref="Ops.LinearBernoulliLogProb"/>:
/// logits written tile by tile and reduced in cache, overwritten by their gradient in the backward pass) and
/// "recompute" (the same op keeping no logits, recomputing them block by block in the backward pass). All
/// three give bitwise the same step, so the ratios are the kernels' alone. Modes alternate per case and round.
/// </summary>
public static class FusionBench
{
    private static readonly (int K, int Batch)[] Cases = [(5, 20), (5, 100), (50, 20), (50, 100)];

    private static readonly string[] Modes = ["stored", "fused", "recompute"];

    /// <summary>Every case and mode, or only those of the given K, batch (both given: that case alone) and modes.</summary>
    public static void Run(Timing timing, int rounds, int? onlyK = null, int? onlyBatch = null, IReadOnlyList<string>? onlyModes = null)
    {
        if (onlyModes?.FirstOrDefault(m => !Modes.Contains(m)) is { } unknown)
            throw new ArgumentException($"Unknown fusion mode '{unknown}' ({string.Join(", ", Modes)}).");
        Report.Info("ours_fusion", "model=784-200-200-50 tanh bernoulli", "objective=iwae", "optimizer=adam lr=1e-3", $"rounds={rounds}");
        var cases = onlyK is { } ok && onlyBatch is { } ob ? [(ok, ob)] : Cases.Where(c => (onlyK ?? c.K) == c.K && (onlyBatch ?? c.Batch) == c.Batch);
        foreach (var (k, batch) in cases)
        for (var round = 0; round < rounds; round++)
        foreach (var mode in Modes.Where(m => onlyModes?.Contains(m) ?? true))
        {
            Ops.RecomputeLinearBernoulliLogits = mode == "recompute";
            var model = VaeModel.Create(new VaeSpec(new ComponentOptions(784, 50, [200, 200], Activation.Tanh), "standard_normal", "gaussian", "bernoulli"), new Rng(1));
            if (mode == "stored") model = model with { Likelihood = new EvalBench.Unfused(model.Likelihood, Composite: false) };
            var objective = new ObjectiveSpec(new ComponentSpec("iwae"), K: k, Beta: 1.0, FreeBits: 0, FreeBitsGroups: 0, KlSchedule: new ComponentSpec("constant"), AnalyticKl: false);
            var step = new TrainingStep(model, new Adam(model.Parameters(), lr: 1e-3f), objective, clipNorm: 0, Device.Native);
            // Binary images with MNIST's share of ink (about 13%): the cost does not depend on the pixel values.
            var x = Tensor.Empty(new Shape(batch, 784));
            var p = new float[x.Size];
            Array.Fill(p, 0.13f);
            new Rng(2).Bernoulli(p, x.Data);
            var noise = new Rng(3);
            var name = $"fusion_k{k}_b{batch}_{mode}";
            Report.Case(name, timing.Measure(() => step.Take(x, 1.0, 1e-3, noise)), batch, "images/s");
            const int steps = 20;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < steps; i++) step.Take(x, 1.0, 1e-3, noise);
            Report.Alloc(name, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)steps);
            Ops.RecomputeLinearBernoulliLogits = false;
        }
    }
}
