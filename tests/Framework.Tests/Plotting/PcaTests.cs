using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class PcaTests
{
    [Test]
    public void Fit_PointsAlongADiagonal_FindsItFirst()
    {
        var rng = new Random(11);
        var points = Enumerable.Range(0, 500).Select(_ =>
        {
            var t = 3 * (rng.NextDouble() - 0.5) * 2;
            var s = 0.3 * (rng.NextDouble() - 0.5) * 2;
            return new[] { 1 + t + s, 2 + t - s, -1 + 0.01 * (rng.NextDouble() - 0.5) };
        }).ToArray();
        var pca = Pca.Fit(points);
        var r = Math.Sqrt(0.5);
        Assert.That(pca.Components[0], Is.EqualTo(new[] { r, r, 0 }).Within(0.02));
        Assert.That(Math.Abs(pca.Components[1][0]), Is.EqualTo(r).Within(0.02));
        Assert.That(Math.Abs(pca.Components[1][1]), Is.EqualTo(r).Within(0.02));
        Assert.That(pca.Mean, Is.EqualTo(new[] { 1.0, 2, -1 }).Within(0.2));
        Assert.That(pca.ExplainedRatio[0], Is.GreaterThan(0.95));
        Assert.That(pca.ExplainedRatio.Sum(), Is.LessThanOrEqualTo(1 + 1e-12));
        Assert.That(pca.Project(pca.Mean), Is.EqualTo(new[] { 0.0, 0 }).Within(1e-12));
    }

    [Test]
    public void Fit_ComponentsAreOrthonormalOnRandomData()
    {
        var rng = new Random(2);
        var points = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 12).Select(j => rng.NextDouble() * (j + 1)).ToArray()).ToArray();
        var pca = Pca.Fit(points, components: 4);
        for (var a = 0; a < 4; a++)
            for (var b = 0; b < 4; b++)
                Assert.That(pca.Components[a].Zip(pca.Components[b], (x, y) => x * y).Sum(), Is.EqualTo(a == b ? 1 : 0).Within(1e-9));
        Assert.That(pca.Variances, Is.Ordered.Descending);
        // The variance along a component is the variance of the projections.
        var projected = points.Select(p => pca.Project(p)[0]).ToArray();
        var variance = projected.Select(v => v * v).Sum() / (points.Length - 1);
        Assert.That(variance, Is.EqualTo(pca.Variances[0]).Within(1e-9 * variance));
    }

    [Test]
    public void Fit_NoFinitePoints_Throws() =>
        Assert.That(() => Pca.Fit([[double.NaN, 1]]), Throws.ArgumentException);
}
