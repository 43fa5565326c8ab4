using Research.Framework.Plotting;
using Research.Framework.Randomness;

namespace Research.Framework.Tests.Plotting;

public class TsneTests
{
    /// <summary>Three Gaussian clusters in 10-D, 30 points each, centres 10 apart, sd 1.</summary>
    private static (double[][] Points, int[] Labels) Clusters()
    {
        var rng = new Rng(3);
        var points = new List<double[]>();
        var labels = new List<int>();
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < 30; i++)
            {
                points.Add(Enumerable.Range(0, 10).Select(d => (d == c ? 10.0 : 0.0) + rng.NextNormal()).ToArray());
                labels.Add(c);
            }
        return (points.ToArray(), labels.ToArray());
    }

    [Test]
    public void Embed_SeparatedClusters_NearestNeighbourSharesTheLabel()
    {
        var (points, labels) = Clusters();
        var y = Tsne.Embed(points, new Rng(1), perplexity: 10, iterations: 400);
        var agree = Enumerable.Range(0, y.Length).Count(i =>
        {
            var nearest = Enumerable.Range(0, y.Length).Where(j => j != i)
                .MinBy(j => Math.Pow(y[i][0] - y[j][0], 2) + Math.Pow(y[i][1] - y[j][1], 2));
            return labels[nearest] == labels[i];
        });
        Assert.That(agree, Is.EqualTo(y.Length), "every point's nearest neighbour in 2-D is from its own cluster");
        Assert.That(y.SelectMany(p => p).All(double.IsFinite));
    }

    [Test]
    public void Embed_SameSeed_SameEmbeddingBitForBit()
    {
        var (points, _) = Clusters();
        var a = Tsne.Embed(points, new Rng(5), perplexity: 10, iterations: 100);
        var b = Tsne.Embed(points, new Rng(5), perplexity: 10, iterations: 100);
        Assert.That(a.SelectMany(p => p), Is.EqualTo(b.SelectMany(p => p)));
    }

    [Test]
    public void Affinities_AnyData_SymmetricAndSumToOne()
    {
        var (points, _) = Clusters();
        var p = Tsne.Affinities(points, perplexity: 10);
        var n = points.Length;
        Assert.That(p.Sum(), Is.EqualTo(1).Within(1e-6));
        for (var i = 0; i < n; i++)
        {
            Assert.That(p[i * n + i], Is.Zero);
            for (var j = 0; j < i; j++) Assert.That(p[i * n + j], Is.EqualTo(p[j * n + i]).Within(1e-15));
        }
    }

    [Test]
    public void Embed_OnePoint_Origin() => Assert.That(Tsne.Embed([[1.0, 2.0]], new Rng(1)).Single(), Is.EqualTo(new[] { 0.0, 0.0 }));
}
