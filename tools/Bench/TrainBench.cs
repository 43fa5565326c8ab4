using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Bench;

/// <summary>
/// Steps per second of one training step (forward, backward, Adam) of an MLP 784-200-200-100
/// with tanh after the two hidden layers and a linear output; loss = mean((y - target)^2) on a
/// fixed random input (U[0,1)) and target (N(0,1)). Also the managed bytes allocated per step
/// in steady state. Mirrors run_train in tools/peer/engine_bench.py.
/// </summary>
public static class TrainBench
{
    public static void Run(Timing timing)
    {
        foreach (var batch in new[] { 20, 100 })
        {
            var name = $"train_mlp_b{batch}";
            var rng = new Rng(1);
            var model = Mlp.Create([784, 200, 200, 100], Activation.Tanh, rng);
            var optimizer = new Adam(model.Parameters(), lr: 1e-3f);
            var x = Tensor.Empty(new Shape(batch, 784));
            var target = Tensor.Empty(new Shape(batch, 100));
            rng.Uniform(x.Data);
            rng.Normal(target.Data);

            float Step()
            {
                using (TensorScope.Begin())
                {
                    optimizer.ZeroGrad();
                    var y = model.Forward(x);
                    var loss = y.Subtract(target).Square().Mean();
                    loss.Backward();
                    optimizer.Step();
                    return loss.Item();
                }
            }

            Step();
            var loss0 = Step();
            var m = timing.Measure(() => Step());
            var loss1 = Step();
            Report.Info("ours_loss", name, $"{loss0:G5} -> {loss1:G5}");
            Report.Case(name, m, 1.0, "steps/s");

            // Steady state: everything is warm; count all managed allocations (all threads) over many steps.
            var steps = Math.Max(50, 2 * m.IterationsPerWindow);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < steps; i++) Step();
            var after = GC.GetTotalAllocatedBytes(precise: true);
            Report.Alloc(name, (after - before) / (double)steps);
        }
    }
}
