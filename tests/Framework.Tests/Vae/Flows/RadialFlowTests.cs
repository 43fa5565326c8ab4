using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class RadialFlowTests
{
    [TestCase(-30f, -5f)]
    [TestCase(-30f, 3f)]
    [TestCase(-8f, 0f)]
    [TestCase(4f, -4f)]
    public void OnePlusBetaH_ForAnyRawParameters_IsPositiveAndLogDetFinite(float betaRaw, float alphaRaw)
    {
        var flow = RadialFlow.Create(3, new Rng(1));
        flow.BetaRaw.Data[0] = betaRaw; // β → -α from above: the edge of invertibility
        flow.AlphaRaw.Data[0] = alphaRaw;
        var (alphaT, betaT) = flow.Constrained();
        var (alpha, beta) = ((double)alphaT.Item(), (double)betaT.Item());
        Assert.That(alpha, Is.GreaterThan(0.0));
        Assert.That(beta, Is.GreaterThanOrEqualTo(-alpha));
        var z = Tensor.Empty(new Shape(32, 3));
        new Rng(2).Normal(z.Data, 0f, 2f);
        // Rows at and very near z0, where h = 1/(α + r) is largest.
        for (var j = 0; j < 3; j++)
        {
            z.Row(0)[j] = flow.Z0.Data[j] + 1e-3f;
            z.Row(1)[j] = flow.Z0.Data[j] + (j == 0 ? 1e-6f : 0f);
        }
        var (zNew, logDet) = flow.Forward(z, null);
        for (var r = 0; r < z.Rows; r++)
        {
            var radius = Math.Sqrt(Enumerable.Range(0, 3).Sum(j => Math.Pow(z.Row(r)[j] - flow.Z0.Data[j], 2)));
            var h = 1.0 / (alpha + radius);
            Assert.That(1.0 + beta * h, Is.GreaterThanOrEqualTo(0.0), $"row {r}: 1 + βh");
            Assert.That(float.IsFinite(logDet.Data[r]), Is.True, $"row {r}: log-det {logDet.Data[r]}");
            Assert.That(zNew.Row(r).ToArray().All(float.IsFinite), Is.True);
        }
    }

    [Test]
    public void LogDet_MatchesEquation14_InDouble()
    {
        var flow = RadialFlow.Create(4, new Rng(3));
        var z = Tensor.Empty(new Shape(6, 4));
        new Rng(4).Normal(z.Data);
        var (_, logDet) = flow.Forward(z, null);
        var (alphaT, betaT) = flow.Constrained();
        var (alpha, beta) = ((double)alphaT.Item(), (double)betaT.Item());
        for (var r = 0; r < 6; r++)
        {
            var radius = Math.Sqrt(Enumerable.Range(0, 4).Sum(j => Math.Pow(z.Row(r)[j] - flow.Z0.Data[j], 2)));
            var h = 1.0 / (alpha + radius);
            var hPrime = -h * h;
            var expected = 3 * Math.Log(1 + beta * h) + Math.Log(1 + beta * h + beta * hPrime * radius);
            Assert.That((double)logDet.Data[r], Is.EqualTo(expected).Within(1e-5 + 1e-5 * Math.Abs(expected)), $"row {r}");
        }
    }
}
