using Research.Experiments.Cli;
using Research.Experiments.Verbs;
using Research.Framework.Plotting;
using Research.Framework.Plotting.Figures;

namespace Research.Experiments.Tests.Verbs;

public class SampleVerbTests
{
    private TrainedRunFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await TrainedRunFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    private async Task<(int Code, string Output, string Errors)> Sample(SampleRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await SampleVerb.RunAsync(request with { TrackingUri = request.TrackingUri ?? _fixture.TrackingUri }, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    /// <summary>The size of a grid of 28x28 tiles, enlarged <see cref="VaeFigures.ImageScale"/> times, 2 pixels of padding.</summary>
    /// <summary>The size of the prior-sample figure of <paramref name="count"/> 28x28 images in <paramref name="columns"/> (it depends on the layout only).</summary>
    private static (int Width, int Height) GridSize(int columns, int count)
    {
        var figure = VaeFigures.PriorSamples(new ImageSet(Enumerable.Range(0, count).Select(_ => new float[784]).ToArray(), 28, 28), columns, "N(0, I)");
        return (figure.Width, figure.Height);
    }

    [Test]
    public async Task Run_RunId_WritesADecodablePngGridOfTheRightSize()
    {
        var path = Path.Combine(_fixture.Root, "out", "samples.png");
        var (code, output, errors) = await Sample(new SampleRequest(_fixture.TrainedRunId, Count: 10, OutputPath: path));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain(path));
        var image = PngPixels.Decode(File.ReadAllBytes(path));
        Assert.That((image.Width, image.Height), Is.EqualTo(GridSize(columns: 4, count: 10)), "10 samples: 4 columns, 3 rows");
        Assert.That(image.Width, Is.GreaterThanOrEqualTo(4 * 56));
        Assert.That(image.Height, Is.GreaterThanOrEqualTo(3 * 56));
        Assert.That(image.Colours, Is.GreaterThan(10), "decoded images, not blank tiles");
        Assert.That(image.DarkPixels(0, 0, image.Width, 40), Is.GreaterThan(60), "the title says which prior");
    }

    [Test]
    public async Task Run_SameSeed_SameImage_OtherSeed_OtherImage()
    {
        var (a, b, c) = (Path.Combine(_fixture.Root, "a.png"), Path.Combine(_fixture.Root, "b.png"), Path.Combine(_fixture.Root, "c.png"));
        await Sample(new SampleRequest(_fixture.TrainedRunId, Count: 9, Seed: 4, OutputPath: a));
        await Sample(new SampleRequest(_fixture.TrainedFolder, Count: 9, Seed: 4, OutputPath: b));
        await Sample(new SampleRequest(_fixture.TrainedRunId, Count: 9, Seed: 5, OutputPath: c));

        Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
        Assert.That(File.ReadAllBytes(c), Is.Not.EqualTo(File.ReadAllBytes(a)));
    }

    [TestCase(0)]
    [TestCase(SampleVerb.MaxCount + 1)]
    public async Task Run_CountOutOfRange_NamesTheOption(int count)
    {
        var (code, _, errors) = await Sample(new SampleRequest(_fixture.TrainedRunId, Count: count, OutputPath: Path.Combine(_fixture.Root, "x.png")));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--n"));
    }

    [Test]
    public async Task Run_UnwritableOutput_NamesThePath()
    {
        var blocker = Path.Combine(_fixture.Root, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var (code, _, errors) = await Sample(new SampleRequest(_fixture.TrainedRunId, Count: 4, OutputPath: Path.Combine(blocker, "samples.png")));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(blocker));
    }

    [Test]
    public void CommandLine_Sample_WritesThePng()
    {
        var path = Path.Combine(_fixture.Root, "cli.png");
        var (stdout, stderr) = (Console.Out, Console.Error);
        var errors = new StringWriter();
        int code;
        try
        {
            Console.SetOut(new StringWriter());
            Console.SetError(errors);
            code = CommandLine.Build().Parse(["sample", _fixture.TrainedRunId, "--tracking-uri", _fixture.TrackingUri, "--n", "4", "--out", path]).Invoke();
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        var image = PngPixels.Decode(File.ReadAllBytes(path));
        Assert.That((image.Width, image.Height), Is.EqualTo(GridSize(columns: 2, count: 4)));
    }
}
