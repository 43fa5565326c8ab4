using Research.Framework.Randomness;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class SylvesterFlowTests
{
    [Test]
    public void Orthogonal_ProductOfReflections_IsOrthogonal()
    {
        var flow = SylvesterFlow.Create(5, reflections: 5, new Rng(1));
        var q = flow.Orthogonal();
        for (var i = 0; i < 5; i++)
        for (var j = 0; j < 5; j++)
        {
            var dot = 0.0;
            for (var k = 0; k < 5; k++) dot += (double)q.Data[k * 5 + i] * q.Data[k * 5 + j];
            Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-5), $"(QᵀQ)[{i}, {j}]");
        }
    }

    [Test]
    public void LogDet_WithDiagonalsNearTheInvertibilityEdge_StaysFinite()
    {
        var flow = SylvesterFlow.Create(3, reflections: 2, new Rng(2));
        flow.Diagonal1.CopyFrom([8f, 8f, -8f]);
        flow.Diagonal2.CopyFrom([-8f, -8f, 8f]); // r1_ii r2_ii ≈ -1, the bound
        var z = Research.Framework.Tensors.Tensor.Zeros(new(4, 3)); // h' = 1 at a = b = 0
        var (_, logDet) = flow.Forward(z, null);
        Assert.That(logDet.ToArray().All(float.IsFinite), Is.True);
    }
}
