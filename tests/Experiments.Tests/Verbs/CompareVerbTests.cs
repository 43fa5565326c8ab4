using System.Globalization;
using System.Xml.Linq;
using Research.Experiments.Cli;
using Research.Experiments.Verbs;

namespace Research.Experiments.Tests.Verbs;

public class CompareVerbTests
{
    private TrainedRunFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await TrainedRunFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    private async Task<(int Code, string Output, string Errors)> Compare(CompareRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await CompareVerb.RunAsync(request with { TrackingUri = request.TrackingUri ?? _fixture.TrackingUri }, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    private static List<string[]> MarkdownRows(string markdown) =>
        markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray()).ToList();

    /// <summary>RFC 4180 without quoted fields (the fixture's values need none).</summary>
    private static List<string[]> CsvRows(string csv) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToList();

    [Test]
    public async Task Run_Markdown_OneRowPerPointAndSingleRunWithTheVaryingParam()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var rows = MarkdownRows(output);
        var header = rows[0];
        Assert.That(header, Does.Contain("params.objective.beta"), "the param that varies is a column");
        Assert.That(header, Does.Not.Contain("params.model.latent"), "a param that is the same everywhere is not");
        Assert.That(header, Does.Contain("metrics.test_loglik").And.Contain("metrics.train_loss"));
        var body = rows.Skip(2).ToList();
        Assert.That(body.Select(r => r[0]), Is.EquivalentTo(TrainedRunFixture.LogLikelihoods.Keys), "the sweep's parent run is left out");
        var beta = Array.IndexOf(header, "params.objective.beta");
        var loglik = Array.IndexOf(header, "metrics.test_loglik");
        foreach (var row in body)
        {
            Assert.That(double.Parse(row[loglik], CultureInfo.InvariantCulture), Is.EqualTo(TrainedRunFixture.LogLikelihoods[row[0]]), "the final value");
            Assert.That(double.Parse(row[beta], CultureInfo.InvariantCulture), Is.EqualTo(double.Parse(row[0].Split('-')[^1], CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public async Task Run_WithParent_ListsOnlyThatSweepsPoints_ByIdOrPrefix()
    {
        foreach (var parent in new[] { _fixture.ParentRunId, _fixture.ParentRunId[..8].ToUpperInvariant() })
        {
            var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, ParentRun: parent));

            Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
            Assert.That(MarkdownRows(output).Skip(2).Select(r => r[0]), Is.EquivalentTo(new[] { "point-beta-0.5", "point-beta-1", "point-beta-2" }),
                $"--parent {parent}: the single run is left out");
        }
    }

    [Test]
    public async Task Run_WithAnUnknownParent_SaysWhichParentRunsThereAre()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, ParentRun: "ffff0000"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("--parent ffff0000").And.Contain(_fixture.ParentRunId));
    }

    [Test]
    public async Task Run_Csv_ParsesWithExactValues()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, Format: "csv"));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var rows = CsvRows(output);
        Assert.That(rows, Has.Count.EqualTo(5));
        Assert.That(rows.Select(r => r.Length).Distinct(), Is.EqualTo(new[] { rows[0].Length }), "every row has every column");
        Assert.That(rows[0][..3], Is.EqualTo(new[] { "run", "status", "params.objective.beta" }));
        var loglik = Array.IndexOf(rows[0], "metrics.test_loglik");
        foreach (var row in rows.Skip(1))
        {
            Assert.That(row[1], Is.EqualTo("FINISHED"));
            Assert.That(double.Parse(row[loglik], CultureInfo.InvariantCulture), Is.EqualTo(TrainedRunFixture.LogLikelihoods[row[0]]));
        }
    }

    [Test]
    public async Task Run_SortDescending_BestLogLikelihoodFirst()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, Format: "csv", SortMetric: "test_loglik", Descending: true));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(CsvRows(output).Skip(1).Select(r => r[0]),
            Is.EqualTo(TrainedRunFixture.LogLikelihoods.OrderByDescending(p => p.Value).Select(p => p.Key)));
    }

    [Test]
    public async Task Run_SortAscending_SmallestFirst()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, SortMetric: "train_loss"));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(MarkdownRows(output).Skip(2).Select(r => r[0]),
            Is.EqualTo(new[] { "point-beta-0.5", "point-beta-1", "point-beta-2", "single-beta-4" }), "train_loss is 100 + beta");
    }

    [Test]
    public async Task Run_NoSort_NewestRunFirst()
    {
        var (_, output, _) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName));

        Assert.That(MarkdownRows(output).Skip(2).Select(r => r[0]),
            Is.EqualTo(new[] { "single-beta-4", "point-beta-2", "point-beta-1", "point-beta-0.5" }));
    }

    [Test]
    public async Task Run_FigureWithOneNumericParam_WritesTheMetricAgainstIt()
    {
        var path = Path.Combine(_fixture.Root, "figures", "compare.svg"); // .svg: the SVG document of the figure
        var (code, _, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, SortMetric: "test_loglik", FigurePath: path));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(errors, Does.Contain(path));
        var svg = XDocument.Load(path);
        Assert.That(svg.Root!.Name.LocalName, Is.EqualTo("svg"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.That(texts, Does.Contain("test_loglik against objective.beta").And.Contain("test_loglik (nats per example)"), "units on the metric's axis");
    }

    [Test]
    public async Task Run_FigurePng_WritesADrawnPng()
    {
        var path = Path.Combine(_fixture.Root, "figures", "compare.png");
        var (code, _, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, SortMetric: "test_loglik", FigurePath: path));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        var png = Research.Framework.Plotting.PngPixels.Decode(File.ReadAllBytes(path));
        Assert.That(png.InkFraction, Is.GreaterThan(0.01));
        Assert.That(png.DarkPixels(0, 0, png.Width, 40), Is.GreaterThan(60), "the title's text was drawn");
    }

    [Test]
    public void Figure_SeveralVaryingParams_OneBarOrDotPerRun()
    {
        var table = new Framework.Tracking.ComparisonTable(["objective.beta", "seed"], ["test_loglik"],
        [
            new("a", "run-a", Framework.Tracking.RunStatus.Finished, new Dictionary<string, string> { ["objective.beta"] = "1", ["seed"] = "1" },
                new Dictionary<string, double> { ["test_loglik"] = -90 }),
            new("b", "run-b", Framework.Tracking.RunStatus.Finished, new Dictionary<string, string> { ["objective.beta"] = "1", ["seed"] = "2" },
                new Dictionary<string, double> { ["test_loglik"] = -91 }),
        ]);

        var svg = CompareVerb.Figure(table, "test_loglik").Svg!;

        Assert.That(svg, Does.Contain("test_loglik by run").And.Contain("run-a").And.Contain("run-b").And.Contain("test_loglik (nats per example)"));
    }

    [Test]
    public void DefaultFigurePath_NameWithSlash_IsOneFileInTheCurrentFolder() =>
        Assert.That(CompareVerb.DefaultFigurePath("iwae/table1"), Is.EqualTo("compare-iwae_table1.png"));

    [TestCase("test_loglik", "nats per example")]
    [TestCase("train_kl", "nats per example")]
    [TestCase("active_units", "units")]
    [TestCase("something_else", "")]
    public void MetricUnit_LoggedMetric_ItsUnit(string metric, string unit) => Assert.That(CompareVerb.MetricUnit(metric), Is.EqualTo(unit));

    [Test]
    public async Task Run_UnknownExperiment_ListsTheExperimentsThatExist()
    {
        var (code, output, errors) = await Compare(new CompareRequest("no-such-experiment"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("no-such-experiment").And.Contain(TrainedRunFixture.ExperimentName).And.Contain(TrainedRunFixture.OtherExperimentName));
        Assert.That(errors, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Run_UnknownSortMetric_NamesItAndTheMetricsThere()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, SortMetric: "test_logllk"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("test_logllk").And.Contain("test_loglik"));
    }

    [Test]
    public async Task Run_UnknownFormat_NamesTheFormats()
    {
        var (code, _, errors) = await Compare(new CompareRequest(TrainedRunFixture.ExperimentName, Format: "html"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("html").And.Contain("markdown").And.Contain("csv"));
    }

    [Test]
    public async Task Run_EmptyExperiment_SaysSo()
    {
        var (code, output, errors) = await Compare(new CompareRequest(TrainedRunFixture.OtherExperimentName));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("no runs"));
    }

    [Test]
    public async Task CommandLine_CompareWithBareFigure_PrintsTheTableAndWritesTheDefaultFile()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var (stdout, stderr, cwd) = (Console.Out, Console.Error, Environment.CurrentDirectory);
        int code;
        try
        {
            Console.SetOut(output);
            Console.SetError(errors);
            Environment.CurrentDirectory = _fixture.Root;
            code = CommandLine.Build().Parse(["compare", TrainedRunFixture.ExperimentName, "--tracking-uri", _fixture.TrackingUri,
                "--sort", "test_loglik", "--descending", "--figure"]).Invoke();
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.CurrentDirectory = cwd;
        }

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors.ToString());
        Assert.That(MarkdownRows(output.ToString()).Skip(2).First()[0], Is.EqualTo("point-beta-1"));
        Assert.That(File.Exists(Path.Combine(_fixture.Root, "compare-verbs-test.png")), errors.ToString());
    }
}
