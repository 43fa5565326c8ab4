using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class HeatmapTests
{
    [Test]
    public void Render_CellsTakeTheMapColoursAndNaNIsGrey()
    {
        var image = Heatmap.Render([[0, 1], [double.NaN, 0.5]], ColorMap.Viridis, cellSize: 3);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((6, 6, 3)));
        Rgb At(int x, int y) => new(image[x, y, 0], image[x, y, 1], image[x, y, 2]);
        Assert.That(At(0, 0), Is.EqualTo(ColorMap.Viridis.Anchors[0]));
        Assert.That(At(5, 2), Is.EqualTo(ColorMap.Viridis.Anchors[^1]));
        Assert.That(At(1, 4), Is.EqualTo(Palette.Muted));
        Assert.That(At(4, 4), Is.EqualTo(ColorMap.Viridis.Anchors[4]));
        Assert.That(PngDecoder.Decode(PngEncoder.Encode(image)).SamePixels(image));
    }

    [Test]
    public void Render_ConstantMatrix_DoesNotDivideByZero()
    {
        var image = Heatmap.Render([[2, 2], [2, 2]], ColorMap.Gray, cellSize: 1);
        Assert.That(image.Pixels.Distinct().Single(), Is.EqualTo(0));
    }

    [Test]
    public void ColorMap_At_ClampsAndInterpolates()
    {
        Assert.That(ColorMap.Gray.At(-1), Is.EqualTo(new Rgb(0, 0, 0)));
        Assert.That(ColorMap.Gray.At(2), Is.EqualTo(new Rgb(255, 255, 255)));
        Assert.That(ColorMap.Gray.At(0.5), Is.EqualTo(new Rgb(128, 128, 128)));
        Assert.That(ColorMap.Gray.At(double.NaN), Is.EqualTo(new Rgb(0, 0, 0)));
    }
}
