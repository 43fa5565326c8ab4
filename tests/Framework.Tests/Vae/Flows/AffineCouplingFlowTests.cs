using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Vae.Flows;

namespace Research.Framework.Tests.Vae.Flows;

public class AffineCouplingFlowTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void Forward_KeptCoordinates_PassThroughUnchanged(bool flip)
    {
        var flow = AffineCouplingFlow.Create(5, 2, [8], new Rng(1), flipMask: flip);
        var z = Tensor.Empty(new Shape(3, 5));
        var context = Tensor.Empty(new Shape(3, 2));
        new Rng(2).Normal(z.Data);
        new Rng(3).Normal(context.Data);
        var (zNew, _) = flow.Forward(z, context);
        var changed = 0;
        for (var r = 0; r < 3; r++)
        for (var j = 0; j < 5; j++)
        {
            var kept = (j % 2 == 0) != flip;
            if (kept) Assert.That(zNew.Row(r)[j], Is.EqualTo(z.Row(r)[j]), $"kept coordinate {j}");
            else if (zNew.Row(r)[j] != z.Row(r)[j]) changed++;
        }
        Assert.That(changed, Is.GreaterThan(0));
    }
}
