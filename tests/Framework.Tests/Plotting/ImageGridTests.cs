using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class ImageGridTests
{
    private static float[] Tile(float v, int n = 6) => Enumerable.Repeat(v, n).ToArray();

    [Test]
    public void Compose_FiveTilesInThreeColumns_SizeAndPlacement()
    {
        var tiles = Enumerable.Range(0, 5).Select(i => Tile(i / 4f)).ToArray(); // 2x3 tiles
        var image = ImageGrid.Compose(tiles, tileHeight: 2, tileWidth: 3, columns: 3, padding: 1, background: 7);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((1 + 3 * 4, 1 + 2 * 3, 1)));
        Assert.That(image[0, 0], Is.EqualTo(7), "padding");
        Assert.That(image[1, 1], Is.EqualTo(0), "tile 0");
        Assert.That(image[5, 1], Is.EqualTo(64), "tile 1 = 0.25");
        Assert.That(image[1 + 4 * 1, 1 + 3 * 1], Is.EqualTo(255), "tile 4 = 1.0");
        Assert.That(image[1 + 4 * 2, 1 + 3 * 1], Is.EqualTo(7), "no sixth tile: background");
    }

    [Test]
    public void Compose_ClampsAndDrawsNaNBlack()
    {
        var image = ImageGrid.Compose([[-1f, 2f, float.NaN, 0.5f]], 2, 2, columns: 1, padding: 0);
        Assert.That(image.Pixels, Is.EqualTo(new byte[] { 0, 255, 0, 128 }));
    }

    [Test]
    public void Compose_Scale_EnlargesByNearestNeighbour()
    {
        var image = ImageGrid.Compose([[0f, 1f, 1f, 0f]], 2, 2, columns: 1, padding: 0, scale: 2);
        Assert.That((image.Width, image.Height), Is.EqualTo((4, 4)));
        Assert.That(image.Pixels, Is.EqualTo(new byte[] { 0, 0, 255, 255, 0, 0, 255, 255, 255, 255, 0, 0, 255, 255, 0, 0 }));
    }

    [Test]
    public void ComposeRows_GroupGap_SeparatesPairsOfRows()
    {
        IReadOnlyList<float[]> Row(float v) => [Tile(v, 1), Tile(v, 1)];
        var image = ImageGrid.ComposeRows([Row(1), Row(1), Row(1), Row(1)], 1, 1, padding: 1, background: 0, groupRows: 2, groupGap: 3);
        Assert.That(image.Height, Is.EqualTo(1 + 4 * 2 + 3));
        Assert.That(Enumerable.Range(0, image.Height).Select(y => image[1, y]),
            Is.EqualTo(new byte[] { 0, 255, 0, 255, 0, 0, 0, 0, 255, 0, 255, 0 }));
    }

    [Test]
    public void Compose_WrongTileSize_Throws() =>
        Assert.That(() => ImageGrid.Compose([new float[5]], 2, 3, 1), Throws.ArgumentException.With.Message.Contains("expected 2x3"));

    [Test]
    public void Compose_ThroughPng_RoundTrips()
    {
        var rng = new Random(4);
        var tiles = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 28 * 28).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
        var image = ImageGrid.Compose(tiles, 28, 28, columns: 4, scale: 2);
        Assert.That(PngDecoder.Decode(PngEncoder.Encode(image)).SamePixels(image));
    }
}
