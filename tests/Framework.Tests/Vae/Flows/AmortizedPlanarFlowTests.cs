using Research.Framework.Autodiff;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class AmortizedPlanarFlowTests
{
    private const int Latent = 3, ContextSize = 5, Rows = 48;

    /// <summary>
    /// The amortized step's u, w, b are whatever its head outputs, so the constraint must hold for
    /// any head: weights and biases overwritten with N(0, scale²) draws give per-row parameters of
    /// every sign, and every row keeps wᵀû = m(wᵀu), z' of eq. 10 and a positive factor with the
    /// closed-form log-det (<see cref="PlanarFlowTests.AssertRowAtTheConstraint"/>).
    /// </summary>
    [TestCase(0.5, 21UL)]
    [TestCase(2.0, 22UL)]
    public void Forward_ArbitraryHeadParameters_KeepsTheConstraintOnEveryRow(double scale, ulong seed)
    {
        var flow = AmortizedPlanarFlow.Create(Latent, ContextSize, new Rng(seed));
        var rng = new Rng(seed + 100);
        foreach (var p in flow.Parameters()) rng.Normal(p.Data, 0f, (float)scale);
        var (z, context) = (Normal(seed + 200, Rows, Latent, 2f), Normal(seed + 300, Rows, ContextSize, 1f));
        AssertEveryRow(flow, z, context);
    }

    /// <summary>
    /// A head whose weights are zero and whose bias sets u = -40 w / ‖w‖² for every row (wᵀu = -40),
    /// with rows on and off the hyperplane wᵀz + b = 0.
    /// </summary>
    [Test]
    public void Forward_HeadOpposingUToW_KeepsTheConstraintOnEveryRow()
    {
        var flow = AmortizedPlanarFlow.Create(Latent, ContextSize, new Rng(31));
        flow.Head.Weight.Data.Clear();
        float[] w = [0.8f, -1.5f, 0.4f];
        var wNorm2 = w.Sum(v => (double)v * v);
        var bias = flow.Head.Bias!.Data;
        for (var j = 0; j < Latent; j++)
        {
            bias[j] = (float)(-40 * w[j] / wNorm2);
            bias[Latent + j] = w[j];
        }
        bias[2 * Latent] = 0.3f;
        var z = Normal(32, Rows, Latent, 2f);
        for (var r = 0; r < 8; r++)
        {
            var row = z.Row(r);
            var wz = 0.0;
            for (var j = 0; j < Latent; j++) wz += (double)w[j] * row[j];
            var offset = (wz + 0.3) / wNorm2;
            for (var j = 0; j < Latent; j++) row[j] -= (float)(offset * w[j]);
        }
        AssertEveryRow(flow, z, Normal(33, Rows, ContextSize, 1f));
    }

    private static void AssertEveryRow(AmortizedPlanarFlow flow, Tensor z, Tensor context)
    {
        var (zNew, logDet) = flow.Forward(z, context);
        Tensor parameters, uHat;
        using (NoGrad.Begin())
        {
            parameters = flow.Head.Forward(context); // [N, 2D + 1]: u | w | b
            uHat = PlanarFlow.Constrain(parameters.Slice(1, 0, Latent), parameters.Slice(1, Latent, Latent));
        }
        for (var r = 0; r < Rows; r++)
        {
            var p = parameters.Row(r).ToArray();
            PlanarFlowTests.AssertRowAtTheConstraint(FlowNumerics.RowOf(z, r), p[..Latent], p[Latent..(2 * Latent)], p[2 * Latent],
                FlowNumerics.RowOf(uHat, r), FlowNumerics.RowOf(zNew, r), logDet.Data[r], $"row {r}");
        }
    }

    private static Tensor Normal(ulong seed, int rows, int cols, float std)
    {
        var t = Tensor.Empty(new Shape(rows, cols));
        new Rng(seed).Normal(t.Data, 0f, std);
        return t;
    }
}
