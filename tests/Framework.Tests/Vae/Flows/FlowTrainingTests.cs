using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class FlowTrainingTests
{
    /// <summary>
    /// log p̃(z) = -U1(z), the ring with two modes of Rezende and Mohamed 2015, Table 1 / Figure 3:
    /// U1(z) = ½((‖z‖ - 2)/0.4)² - log(exp(-½((z1 - 2)/0.6)²) + exp(-½((z1 + 2)/0.6)²)).
    /// </summary>
    private static Tensor LogTarget(Tensor z)
    {
        var n = z.Rows;
        var radius = z.Square().Sum(axis: -1).Sqrt();
        var ring = radius.AddScalar(-2f).MulScalar(1f / 0.4f).Square().MulScalar(-0.5f);
        var z1 = z.Slice(1, 0, 1);
        var right = z1.AddScalar(-2f).MulScalar(1f / 0.6f).Square().MulScalar(-0.5f);
        var left = z1.AddScalar(2f).MulScalar(1f / 0.6f).Square().MulScalar(-0.5f);
        return ring.Add(right.Concat(left, axis: 1).LogSumExp(axis: -1).Reshape(n));
    }

    /// <summary>Fits q to the target by minimizing E_q[log q(z) - log p̃(z)] (= KL(q‖p) - log Z); returns the loss at the start and the end.</summary>
    private static (double Start, double End) Fit(string flow, int length, int steps)
    {
        var rng = new Rng(7);
        var posterior = FlowPosterior.Create(1, [4], 2, Activation.Tanh, flow, length, rng.Split());
        var adam = new Adam(posterior.Parameters(), lr: 1e-2f);
        var x = Tensor.Zeros(new Shape(1, 1));
        var sampling = rng.Split();
        var losses = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            adam.ZeroGrad();
            var sample = posterior.Sample(x, 256, sampling);
            var loss = sample.LogQ.Subtract(LogTarget(sample.Z)).Mean();
            loss.Backward();
            adam.Step();
            losses.Add(loss.Item());
        }
        // Averages over 50 steps of 256 samples: standard errors of a few hundredths.
        return (losses.Take(50).Average(), losses.TakeLast(50).Average());
    }

    [Test]
    public void PlanarFlowPosterior_FitToRingEnergy_ReducesTheKlAndBeatsTheGaussian()
    {
        var (start, end) = Fit("planar", 10, 800);
        var (_, gaussianEnd) = Fit("planar", 0, 800);
        TestContext.Out.WriteLine($"planar x10: {start:F3} -> {end:F3}; Gaussian: {gaussianEnd:F3}");
        Assert.That(end, Is.LessThan(start - 1.0), "the KL falls by more than one nat");
        Assert.That(end, Is.LessThan(gaussianEnd - 0.1), "the flow fits the two-mode ring better than the best diagonal Gaussian");
    }
}
