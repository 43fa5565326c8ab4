using Research.Framework.Evaluation;
using Research.Framework.Randomness;
using Research.Framework.Tensors;
using Research.Framework.Tests.Vae;

namespace Research.Framework.Tests.Evaluation;

public class LatentAnalysisTests
{
    [Test]
    public void LatentMoments_Of_GivesColumnMeansAndPopulationSd()
    {
        var m = LatentMoments.Of([1f, 10f, 3f, 10f, 5f, 10f, 99f, 99f], count: 3, d: 2);
        Assert.That(m.Mean, Is.EqualTo(new[] { 3.0, 10.0 }).Within(1e-12));
        Assert.That(m.Sd, Is.EqualTo(new[] { Math.Sqrt(8.0 / 3), 0.0 }).Within(1e-12));
    }

    [Test]
    public void PosteriorMeans_BatchSize_DoesNotChangeTheCodes_AndLeavesNoTensorsBehind()
    {
        var model = LinearGaussianModel.Create();
        var images = LinearGaussianModel.Data(7, new Rng(1)).ToArray();
        using var outer = TensorScope.Begin();
        var whole = LatentCodes.PosteriorMeans(model, images, 7, new Rng(2));
        var batched = LatentCodes.PosteriorMeans(model, images, 7, new Rng(2), batch: 3);
        Assert.That(batched, Is.EqualTo(whole));
        Assert.That(whole, Has.Length.EqualTo(7 * model.Latent));
        Assert.That(outer.Count, Is.EqualTo(0));
    }

    [Test]
    public void Interpolation_EndsAtTheDecodingsOfBothCodes()
    {
        var model = LinearGaussianModel.Create();
        float[] from = [0.5f, -1f], to = [-2f, 0.25f];
        var path = LatentInterpolation.Means(model, from, to, steps: 5);
        var ends = LatentDecoding.Means(model, [.. from, .. to]);
        var p = ends.Length / 2;
        Assert.That(path, Has.Length.EqualTo(5 * p));
        Assert.That(path[..p], Is.EqualTo(ends[..p]).Within(1e-6));
        Assert.That(path[(4 * p)..], Is.EqualTo(ends[p..]).Within(1e-6));
    }

    [Test]
    public void Partner_IsTheFirstOfAnotherClass_ElseTheSecond()
    {
        Assert.That(LatentInterpolation.Partner([4, 4, 7, 1], 4), Is.EqualTo(2));
        Assert.That(LatentInterpolation.Partner([4, 4, 4], 3), Is.EqualTo(1));
        Assert.That(LatentInterpolation.Partner(null, 3), Is.EqualTo(1));
    }

    [Test]
    public void TraversalGrid_VariesOneUnitPerRow_OverThePriorSpan()
    {
        var model = LinearGaussianModel.Create();
        var images = LinearGaussianModel.Data(20, new Rng(3)).ToArray();
        var codes = LatentCodes.PosteriorMeans(model, images, 20, new Rng(4));
        var grid = TraversalGrid.Compute(model, codes, 20, new Rng(5), rows: 10, steps: 3, span: 3.0);
        Assert.That(grid.Units, Is.EquivalentTo(new[] { 0, 1 })); // both units, most active first
        Assert.That(grid.Values, Has.Length.EqualTo(2));
        foreach (var values in grid.Values)
        {
            Assert.That(values[1], Is.EqualTo(0).Within(0.15)); // the standard normal prior's mean, estimated
            Assert.That(values[2] - values[1], Is.EqualTo(3).Within(0.3)); // 3 sd
        }
        Assert.That(grid.Means, Has.Length.EqualTo(2 * 3 * images.Length / 20));
    }
}
