using System.Text.Json;
using Research.Experiments.Verbs;
using Research.Framework.Evaluation;

namespace Research.Experiments.Tests.Verbs;

public class AnomalyVerbTests
{
    private TrainedRunFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await TrainedRunFixture.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    private async Task<(int Code, string Output, string Errors)> Anomaly(AnomalyRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await AnomalyVerb.RunAsync(request with { TrackingUri = request.TrackingUri ?? _fixture.TrackingUri }, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Test]
    public async Task Run_WithClasses_WritesTheFigureScoresAndSummary_AndTheMetricsMatchTheScores()
    {
        var folder = Path.Combine(_fixture.Root, "anomaly");
        var (code, output, errors) = await Anomaly(new AnomalyRequest(_fixture.TrainedRunId, K: 20, Classes: [0], OutputDir: folder));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), errors);
        Assert.That(output, Does.Contain("AUROC").And.Contain("-log p(x)").And.Contain("-ELBO"));
        Assert.That(File.ReadAllText(Path.Combine(folder, AnomalyVerb.FigureFile)), Does.StartWith("<svg").Or.Contain("<svg"));
        var rows = File.ReadAllLines(Path.Combine(folder, AnomalyVerb.ScoresFile)).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.That(rows, Has.Length.EqualTo(20), "every test image of the run's test_subset");
        var positive = rows.Select(r => r[2] == "1").ToArray();
        Assert.That(rows.Where(r => r[1] == "0").Select(r => r[2]), Is.All.EqualTo("1"), "class 0 is the anomaly");
        var nll = rows.Select(r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var nelbo = rows.Select(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < nll.Length; i++) Assert.That(nelbo[i], Is.GreaterThan(nll[i] - 1.0), $"image {i}: -ELBO >= -log p(x) up to the estimators' noise");
        var summary = JsonSerializer.Deserialize<AnomalyVerb.Summary>(File.ReadAllText(Path.Combine(folder, AnomalyVerb.SummaryFile)))!;
        Assert.That(summary.AurocNll, Is.EqualTo(DetectionMetrics.Auroc(nll, positive)).Within(1e-9));
        Assert.That(summary.AuprcElbo, Is.EqualTo(DetectionMetrics.AveragePrecision(nelbo, positive)).Within(1e-9));
        Assert.That(summary.Anomalies, Is.EqualTo(positive.Count(p => p)));
    }

    [Test]
    public async Task Run_WithoutExcludedOrGivenClasses_IsBadInput()
    {
        var (code, _, errors) = await Anomaly(new AnomalyRequest(_fixture.TrainedRunId, K: 5, OutputDir: Path.Combine(_fixture.Root, "x")));
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--classes"));
    }
}
