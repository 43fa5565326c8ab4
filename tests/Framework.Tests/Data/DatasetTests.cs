using Research.Framework.Data;
using Research.Framework.Randomness;

namespace Research.Framework.Tests.Data;

public class DatasetTests
{
    /// <summary>A generated data set: example i has every pixel equal to (i % 11) / 10 and label i % 10.</summary>
    private static Dataset Generated(int count, int features = 6)
    {
        var images = new float[count * features];
        for (var i = 0; i < count; i++) images.AsSpan(i * features, features).Fill(i % 11 / 10f);
        return new Dataset("generated", images, count, features, Enumerable.Range(0, count).Select(i => i % 10).ToArray());
    }

    [Test]
    public void FromIdx_ScalesBytesToUnitRange_AndReadsLabels()
    {
        var dir = Directory.CreateTempSubdirectory("idx").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "img"), IdxFile.Encode(IdxType.UInt8, [2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 0]));
            File.WriteAllBytes(Path.Combine(dir, "lab"), IdxFile.Encode(IdxType.UInt8, [2], [7, 3]));
            var d = Dataset.FromIdx("t", Path.Combine(dir, "img"), Path.Combine(dir, "lab"));
            Assert.That((d.Count, d.Features), Is.EqualTo((2, 4)));
            Assert.That(d.Image(0).ToArray(), Is.EqualTo(new[] { 0f, 1f, 0.2f, 0.4f }).Within(1e-6f));
            Assert.That(d.Labels, Is.EqualTo(new[] { 7, 3 }));
            File.WriteAllBytes(Path.Combine(dir, "lab"), IdxFile.Encode(IdxType.UInt8, [3], [7, 3, 1]));
            Assert.That(() => Dataset.FromIdx("t", Path.Combine(dir, "img"), Path.Combine(dir, "lab")),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("3 labels").And.Message.Contains("2 images"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Without_DropsTheListedLabels_KeepingOrderImagesAndLabels()
    {
        var data = Generated(30);
        var kept = data.Without([3, 7]);
        Assert.That(kept.Count, Is.EqualTo(24));
        Assert.That(kept.Labels, Has.None.EqualTo(3).And.None.EqualTo(7));
        var expected = Enumerable.Range(0, 30).Where(i => i % 10 is not (3 or 7)).ToArray();
        for (var j = 0; j < kept.Count; j++)
        {
            Assert.That(kept.Labels![j], Is.EqualTo(expected[j] % 10));
            Assert.That(kept.Image(j).ToArray(), Is.EqualTo(data.Image(expected[j]).ToArray()));
        }
        Assert.That(data.Without([]), Is.SameAs(data));
        Assert.That(() => (data with { Labels = null }).Without([1]), Throws.InvalidOperationException);
    }

    [Test]
    public void Take_KeepsTheFirstExamples_AndZeroMeansAll()
    {
        var d = Generated(20);
        Assert.That(d.Take(5).Count, Is.EqualTo(5));
        Assert.That(d.Take(5).Labels, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(d.Take(0), Is.SameAs(d));
    }

    [Test]
    public void Epoch_VisitsEveryExampleOnce_InASeededOrder()
    {
        var d = Generated(23);
        List<int> Order(ulong seed)
        {
            var sampler = new BatchSampler(d, 5, Binarization.None, new Rng(seed));
            var seen = new List<int>();
            foreach (var (batch, indices) in sampler.Epoch())
            {
                Assert.That(batch.Rows, Is.EqualTo(indices.Length));
                for (var r = 0; r < indices.Length; r++)
                    Assert.That(batch.Row(r).ToArray(), Is.EqualTo(d.Image(indices.Span[r]).ToArray()));
                seen.AddRange(indices.ToArray());
            }
            return seen;
        }
        var first = Order(1);
        Assert.That(first.Order(), Is.EqualTo(Enumerable.Range(0, 23)));
        Assert.That(Order(1), Is.EqualTo(first));
        Assert.That(Order(2), Is.Not.EqualTo(first));
    }

    [Test]
    public void DynamicBinarization_DrawsFreshBinaryPixels_WithTheGreyLevelAsMean()
    {
        var d = new Dataset("grey", Enumerable.Repeat(0.3f, 400 * 50).ToArray(), 400, 50, null);
        var sampler = new BatchSampler(d, 400, Binarization.Dynamic, new Rng(3), shuffle: false);
        var a = sampler.Epoch().Single().Batch.ToArray();
        var b = sampler.Epoch().Single().Batch.ToArray();
        Assert.That(a, Has.All.Matches<float>(v => v is 0f or 1f));
        Assert.That(a.Average(), Is.EqualTo(0.3).Within(5 * Math.Sqrt(0.21 / a.Length)));
        Assert.That(b, Is.Not.EqualTo(a), "a new draw every epoch");
    }

    [Test]
    public void StaticBinarization_KeepsTheSameImagesEveryEpoch()
    {
        var d = new Dataset("grey", Enumerable.Repeat(0.5f, 10 * 8).ToArray(), 10, 8, null);
        var sampler = new BatchSampler(d, 10, Binarization.Static, new Rng(4), shuffle: false);
        var a = sampler.Epoch().Single().Batch.ToArray();
        var b = sampler.Epoch().Single().Batch.ToArray();
        Assert.That(a, Has.All.Matches<float>(v => v is 0f or 1f));
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void EpochWithItsOwnRng_DependsOnlyOnThatRng_NotOnEarlierEpochs()
    {
        var d = new Dataset("grey", Enumerable.Range(0, 30 * 4).Select(i => (i % 7) / 7f).ToArray(), 30, 4, null);
        static float[] Batches(BatchSampler s, Rng rng) => s.Epoch(rng).SelectMany(b => b.Batch.ToArray()).ToArray();
        var fresh = new BatchSampler(d, 8, Binarization.Dynamic, new Rng(5));
        var used = new BatchSampler(d, 8, Binarization.Dynamic, new Rng(5));
        Batches(used, new Rng(100));
        Batches(used, new Rng(101));
        Assert.That(Batches(used, new Rng(102)), Is.EqualTo(Batches(fresh, new Rng(102))));
        Assert.That(Batches(fresh, new Rng(103)), Is.Not.EqualTo(Batches(fresh, new Rng(102))));
    }
}
