using Research.Framework.Specs;

namespace Research.Framework.Tests.Specs;

public class SizeLimitsTests
{
    private const int Mnist = 784, Chunk = 500;
    private const long Plenty = 64L << 30;

    [Test]
    public void Check_Defaults_Fit()
    {
        Assert.That(SizeLimits.Check(SpecLoader.Defaults(), Mnist, Chunk, Plenty), Is.Empty);
    }

    [Test]
    public void Check_KTimesBatchTimesWidthAboveIntMax_NamesTheKeysAndTheProduct()
    {
        var spec = SpecLoader.Parse("objective: { k: 100000000 }");

        var problem = SizeLimits.Check(spec, Mnist, Chunk, Plenty).Single();

        Assert.That(problem.Keys, Is.EqualTo(new[] { "objective.k", "data.batch_size" }));
        Assert.That(problem.Message, Does.Contain("100,000,000 x 20 x 784 = 1,568,000,000,000 floats in one training tensor")
            .And.Contain("2,147,483,647"));
    }

    [Test]
    public void Check_ProductBeyondALong_IsAProblemNotAnOverflow()
    {
        var spec = SpecLoader.Parse("objective: { k: 2000000000 }\ndata: { batch_size: 2000000000 }\nmodel: { encoder: { mlp: [2000000000] } }");

        var problem = SizeLimits.Check(spec, Mnist, Chunk, Plenty).First(p => p.Message.Contains("training"));

        Assert.That(problem.Message, Does.Contain("more than 2^63"));
        Assert.That(problem.Keys, Does.Contain("model.encoder.mlp"), "the widest layer names its key");
    }

    [Test]
    public void Check_EvaluationAboveAvailableMemory_NamesTheEvaluationKeys()
    {
        // 500 x 100 x 784 floats = 157 MB; with 100 MB available the evaluation chunk cannot be allocated.
        var problem = SizeLimits.Check(SpecLoader.Defaults(), Mnist, Chunk, availableBytes: 100_000_000).Single();

        Assert.That(problem.Keys, Is.EqualTo(new[] { "eval.nll_k", "eval.batch_size" }));
        Assert.That(problem.Message, Does.Contain("evaluation tensor").And.Contain("memory available"));
    }
}
