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
/// in steady state. Mirrors run_train in tools/peer/engine_bench.py. Each case runs on the native
/// engine and on LibTorch (torch-cpu) with the same initial parameters and data.
/// </summary>
public static class TrainBench
{
    public static void Run(Timing timing)
    {
        foreach (var device in new[] { Device.Native, Device.TorchCpu })
        foreach (var batch in new[] { 20, 100 })
        {
            // The LibTorch device's cases carry its name: bench.sh compares them with the same peer case.
            var name = device.IsTorch ? $"train_mlp_b{batch}.{device}" : $"train_mlp_b{batch}";
            var rng = new Rng(1);
            var model = (Mlp)Mlp.Create([784, 200, 200, 100], Activation.Tanh, rng).To(device);
            var optimizer = new Adam(model.Parameters(), lr: 1e-3f);
            var xValues = new float[batch * 784];
            var targetValues = new float[batch * 100];
            rng.Uniform(xValues);
            rng.Normal(targetValues);
            var x = Tensor.FromArray(xValues, new Shape(batch, 784), device);
            var target = Tensor.FromArray(targetValues, new Shape(batch, 100), device);

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
