using Research.Framework.Plotting;

namespace Research.Framework.Tests.Plotting;

public class TileGridTests
{
    private static float[] Filled(float v, int n = 16) => Enumerable.Repeat(v, n).ToArray();

    [Test]
    public void Render_TwoRowsOfThree_PngOnlyAndTitled()
    {
        var grid = new TileGrid("Tiles", [[Filled(0), Filled(0.5f), Filled(1)], [Filled(1), Filled(1), Filled(1)]], 4, 4)
        { RowLabels = ["first", "second"], ColumnLabels = ["a", "b", "c"], Scale = 4 };
        var png = FigureCheck.AssertRendered(grid.Render(), svg: false);
        Assert.That(png.Colours, Is.GreaterThan(3));
    }

    [Test]
    public void Render_LongerLabels_WiderFigure()
    {
        IReadOnlyList<IReadOnlyList<float[]>> rows = [[Filled(1), Filled(0)]];
        var narrow = new TileGrid("T", rows, 4, 4) { RowLabels = ["a"] }.Render();
        var wide = new TileGrid("T", rows, 4, 4) { RowLabels = ["reconstruction"] }.Render();
        Assert.That(wide.Width, Is.GreaterThan(narrow.Width), "room for the row labels");
    }

    [Test]
    public void Render_SameInput_SameBytes()
    {
        var grid = new TileGrid("Same", [[Filled(0.2f), Filled(0.8f)]], 4, 4);
        Assert.That(grid.Render().Png, Is.EqualTo(grid.Render().Png));
    }

    [Test]
    public void Render_ImageOfTheWrongSize_Throws() =>
        Assert.Throws<ArgumentException>(() => new TileGrid("T", [[Filled(1, 15)]], 4, 4).Render());
}
