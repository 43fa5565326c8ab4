using Research.Framework.Data;
using Research.Framework.Specs;

namespace Research.Framework.Tests.Data;

public class DSpritesTests
{
    private static float[] Image(params int[] factors)
    {
        var image = new float[64 * 64];
        DSprites.Render(factors, image);
        return image;
    }

    private static (double Area, double X, double Y) Moments(float[] image)
    {
        double area = 0, x = 0, y = 0;
        for (var r = 0; r < 64; r++)
        for (var c = 0; c < 64; c++)
        {
            if (image[r * 64 + c] == 0f) continue;
            area++;
            (x, y) = (x + c, y + r);
        }
        return (area, x / area, y / area);
    }

    [Test]
    public void Grid_Is737280Images_IndexedWithYFastest()
    {
        Assert.That(DSprites.Count, Is.EqualTo(737_280));
        Span<int> f = stackalloc int[5];
        DSprites.Factors(1, f);
        Assert.That(f.ToArray(), Is.EqualTo(new[] { 0, 0, 0, 0, 1 }));
        DSprites.Factors(DSprites.Count - 1, f);
        Assert.That(f.ToArray(), Is.EqualTo(new[] { 2, 5, 39, 31, 31 }));
        foreach (var i in new[] { 0, 12345, 400_000, DSprites.Count - 1 })
        {
            DSprites.Factors(i, f);
            Assert.That(DSprites.Index(f), Is.EqualTo(i));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => DSprites.Index([3, 0, 0, 0, 0]));
    }

    [Test]
    public void Render_IsBinaryAndInsideTheFrame_AtEveryExtreme()
    {
        foreach (var shape in new[] { 0, 1, 2 })
        foreach (var corner in new[] { 0, 31 })
        {
            var image = Image(shape, 5, 7, corner, 31 - corner);
            Assert.That(image, Is.All.EqualTo(0f).Or.EqualTo(1f));
            for (var k = 0; k < 64; k++)
                Assert.That(image[k] + image[63 * 64 + k] + image[k * 64] + image[k * 64 + 63], Is.Zero, $"shape {shape} touches the border");
            Assert.That(Moments(image).Area, Is.GreaterThan(50));
        }
    }

    [Test]
    public void Factors_MoveScaleAndTellApartTheSprite()
    {
        var (small, large) = (Moments(Image(1, 0, 0, 10, 10)), Moments(Image(1, 5, 0, 10, 10)));
        Assert.That(large.Area / small.Area, Is.EqualTo(4.0).Within(0.6), "area grows as scale^2 (0.5 to 1)");
        var (left, right) = (Moments(Image(0, 3, 0, 0, 16)), Moments(Image(0, 3, 0, 31, 16)));
        Assert.That(right.X - left.X, Is.EqualTo(40).Within(1.0), "x runs over 40 pixels");
        Assert.That(right.Y, Is.EqualTo(left.Y).Within(0.5));
        var (top, bottom) = (Moments(Image(2, 3, 0, 16, 0)), Moments(Image(2, 3, 0, 16, 31)));
        Assert.That(bottom.Y - top.Y, Is.EqualTo(40).Within(1.0), "y runs down the rows");
        Assert.That(Image(0, 3, 5, 16, 16), Is.Not.EqualTo(Image(1, 3, 5, 16, 16)));
        Assert.That(Image(1, 3, 5, 16, 16), Is.Not.EqualTo(Image(1, 3, 12, 16, 16)), "the ellipse turns");
        Assert.That(Image(2, 3, 0, 16, 16), Is.EqualTo(Image(2, 3, 39, 16, 16)), "orientations 0 and 2 pi coincide, as in the original");
    }

    [Test]
    public void Sample_IsDeterministic_AndItsFactorsRenderItsImages()
    {
        var a = DSprites.Sample(40, seed: 9);
        Assert.That(DSprites.Sample(40, seed: 9).Images, Is.EqualTo(a.Images));
        Assert.That(a.Factors!.Count, Is.EqualTo(40));
        Assert.That(a.Factors.Sizes, Is.EqualTo(new[] { 3, 6, 40, 32, 32 }));
        for (var i = 0; i < a.Count; i++)
        {
            Assert.That(Image(a.Factors.Of(i).ToArray()), Is.EqualTo(a.Image(i).ToArray()));
            Assert.That(a.Labels![i], Is.EqualTo(a.Factors.Of(i)[0]));
        }
        Assert.That(a.Take(10).Factors!.Count, Is.EqualTo(10));
    }

    [Test]
    public void Declaration_IsNamedDsprites_64By64_WithFactors()
    {
        var declaration = DatasetDeclaration.Of(new DataSpec(new ComponentSpec("dsprites"), "none", 20, 0, 0, "unused"));
        Assert.That((declaration.Height, declaration.Width, declaration.TrainCount, declaration.TestCount), Is.EqualTo((64, 64, 20_000, 2_000)));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (train, test) = declaration.Load("unused", _ => { });
        TestContext.Out.WriteLine($"dsprites 22,000 images in {started.ElapsedMilliseconds} ms");
        Assert.That((train.Count, test.Count), Is.EqualTo((20_000, 2_000)));
        Assert.That(train.Factors, Is.Not.Null);
        Assert.That(train.Images.AsSpan(0, 4096 * 100).ToArray(), Is.EqualTo(DSprites.Sample(100, seed: 1).Images));
    }

    [Test]
    public void RenderRows_EqualsRenderOfEachRow_InOrder()
    {
        int[] rows = [0, 0, 0, 0, 0, 2, 5, 39, 31, 31, 1, 3, 17, 4, 28];
        var images = DSprites.RenderRows(rows, 3);
        Assert.That(images, Has.Length.EqualTo(3 * 4096));
        for (var i = 0; i < 3; i++)
            Assert.That(images.AsSpan(i * 4096, 4096).ToArray(), Is.EqualTo(Image(rows[(i * 5)..(i * 5 + 5)])));
        Assert.Throws<ArgumentException>(() => DSprites.RenderRows(rows, 2));
    }

    [Test]
    public void Declaration_CarriesTheProcess_ForDisentanglementMetrics()
    {
        var process = DatasetDeclaration.Of(new DataSpec(new ComponentSpec("dsprites"), "none", 20, 0, 0, "unused")).GroundTruth;
        Assert.That(process, Is.SameAs(DSprites.Process));
        Assert.That(process!.Names, Is.EqualTo(DSprites.FactorNames));
        Assert.That(process.Sizes, Is.EqualTo(DSprites.FactorSizes));
        Assert.That(DatasetDeclaration.Of(new DataSpec(new ComponentSpec("synthetic"), "none", 20, 0, 0, "unused")).GroundTruth, Is.Null, "natural-style data has no factors");
    }
}
