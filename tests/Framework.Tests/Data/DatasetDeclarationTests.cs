using Research.Framework.Data;
using Research.Framework.Specs;

namespace Research.Framework.Tests.Data;

public class DatasetDeclarationTests
{
    private static DataSpec Data(string dataset) => new(new ComponentSpec(dataset), "none", 20, 0, 0, "unused-cache");

    [Test]
    public void Of_Synthetic_Loads1000TrainAnd200TestImagesOf28By28()
    {
        var synthetic = DatasetDeclaration.Of(Data("synthetic"));
        var (train, test) = synthetic.Load("unused-cache", _ => { });
        Assert.That((synthetic.Height, synthetic.Width), Is.EqualTo((28, 28)));
        Assert.That((train.Count, test.Count), Is.EqualTo((1000, 200)));
        Assert.That(train.Features, Is.EqualTo(synthetic.Height * synthetic.Width));
        Assert.That(train.Images, Is.EqualTo(SyntheticBars.Generate(1000, seed: 1).Images));
    }

    [Test]
    public void Of_Mnist_Is28By28WithoutLoading() =>
        Assert.That((DatasetDeclaration.Of(Data("mnist")).Height, Mnist.Declaration.Width), Is.EqualTo((28, 28)));

    [Test]
    public void SyntheticBars_SameSeed_IsBitwiseTheSameAndInTheUnitInterval()
    {
        var a = SyntheticBars.Generate(50, seed: 3);
        Assert.That(SyntheticBars.Generate(50, seed: 3).Images, Is.EqualTo(a.Images));
        Assert.That(a.Images, Is.All.InRange(0f, 1f));
        Assert.That(a.Labels, Is.All.InRange(0, 9));
    }

    [Test]
    public void Of_UnknownDataset_ListsTheDeclaredOnes() =>
        Assert.That(Assert.Throws<ArgumentException>(() => DatasetDeclaration.Of(Data("cifar")))!.Message, Does.Contain("mnist").And.Contain("synthetic"));
}
