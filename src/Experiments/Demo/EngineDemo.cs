using System.Diagnostics;
using Research.Framework.Autodiff;
using Research.Framework.Kernels;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;

namespace Research.Experiments.Demo;

/// <summary>
/// Trains an MLP to fit y = sin(3 x1) cos(2 x2) on fresh random batches and prints the loss:
/// a quick look at the engine (autodiff, Adam, pooled memory, GEMM) working end to end.
/// </summary>
public static class EngineDemo
{
    public static int Run(TextWriter output, int steps)
    {
        var rng = new Rng(2026);
        var model = Mlp.Create([2, 64, 64, 1], Activation.Tanh, rng.Split());
        var adam = new Adam(model.Parameters(), lr: 3e-3f);
        var dataRng = rng.Split();
        const int batch = 128;
        var x = Tensor.Empty(new Shape(batch, 2));
        var y = Tensor.Empty(new Shape(batch, 1));
        output.WriteLine($"engine demo: MLP 2-64-64-1 (tanh), {model.ParameterCount()} parameters, Adam lr 3e-3, batch {batch}, GEMM kernel {Gemm.KernelName}, {ThreadTeam.ThreadCount} threads");

        var clock = Stopwatch.StartNew();
        var recent = 0.0;
        for (var step = 1; step <= steps; step++)
        {
            dataRng.Uniform(x.Data, -1f, 1f);
            for (var i = 0; i < batch; i++) y.Data[i] = MathF.Sin(3f * x.Data[2 * i]) * MathF.Cos(2f * x.Data[2 * i + 1]);
            using (TensorScope.Begin())
            {
                adam.ZeroGrad();
                var loss = model.Forward(x).Subtract(y).Square().Mean();
                loss.Backward();
                adam.Step();
                recent += loss.Item();
            }
            if (step % 500 == 0)
            {
                output.WriteLine($"step {step,6}  mse {recent / 500:F5}  ({step / clock.Elapsed.TotalSeconds:F0} steps/s)");
                recent = 0;
            }
        }
        return 0;
    }
}
