using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

public class RunComparisonTests
{
    private static Run MakeRun(string id, string name, long start, Dictionary<string, string> parameters, Dictionary<string, double> metrics,
        string? parent = "parent", RunStatus status = RunStatus.Finished)
    {
        var tags = new Dictionary<string, string> { [MlflowTags.RunName] = name };
        if (parent is not null) tags[MlflowTags.ParentRunId] = parent;
        return new Run(
            new RunInfo(id, "1", name, "u", status, start, start + 10, "file:///x", LifecycleStages.Active),
            parameters, tags, metrics.ToDictionary(m => m.Key, m => new Metric(m.Key, m.Value, start, 100)));
    }

    private static List<Run> Sweep() =>
    [
        MakeRun("parent", "sweep", 0, new() { ["seed"] = "1" }, [], parent: null),
        MakeRun("a", "k=1", 1, new() { ["k"] = "1", ["seed"] = "1", ["lr"] = "0.001" }, new() { ["nll"] = 89.5, ["kl"] = 20 }),
        MakeRun("b", "k=5", 2, new() { ["k"] = "5", ["seed"] = "1", ["lr"] = "0.001" }, new() { ["nll"] = 88.25, ["kl"] = 22.5 }),
        MakeRun("c", "k=50", 3, new() { ["k"] = "50", ["seed"] = "1", ["lr"] = "0.001" }, new() { ["nll"] = double.NaN }, status: RunStatus.Failed),
        MakeRun("d", "k=500", 4, new() { ["k"] = "500", ["seed"] = "1", ["lr"] = "0.001", ["extra"] = "x" }, new() { ["kl"] = 1 }),
    ];

    [Test]
    public void Build_KeepsOnlyVaryingParams_DropsTheParent_SortsByMetricWithNaNAndMissingLast()
    {
        var table = RunComparison.Build(Sweep(), new ComparisonOptions(SortMetric: "nll"));

        Assert.That(table.ParamKeys, Is.EqualTo(new[] { "extra", "k" }), "seed and lr are the same everywhere");
        Assert.That(table.MetricKeys, Is.EqualTo(new[] { "kl", "nll" }));
        Assert.That(table.Rows.Select(r => r.RunName), Is.EqualTo(new[] { "k=5", "k=1", "k=50", "k=500" }));
    }

    [Test]
    public void Build_Descending_WithParents_AndChosenMetrics()
    {
        var table = RunComparison.Build(Sweep(), new ComparisonOptions(SortMetric: "kl", Descending: true, Metrics: ["kl"], IncludeParents: true));
        Assert.That(table.MetricKeys, Is.EqualTo(new[] { "kl" }));
        Assert.That(table.Rows.Select(r => r.RunName), Is.EqualTo(new[] { "k=5", "k=1", "k=500", "k=50", "sweep" }));
    }

    [Test]
    public void Build_WithoutSortMetric_NewestFirst()
    {
        var table = RunComparison.Build(Sweep());
        Assert.That(table.Rows.Select(r => r.RunId), Is.EqualTo(new[] { "d", "c", "b", "a" }));
    }

    [Test]
    public void ToMarkdown_RendersATableWithNumbersRightAligned()
    {
        var table = RunComparison.Build(Sweep().Take(4), new ComparisonOptions(SortMetric: "nll"));
        Assert.That(ComparisonTableFormat.ToMarkdown(table), Is.EqualTo(
            "| run | status | params.k | metrics.kl | metrics.nll |\n"
            + "|---|---|---|---:|---:|\n"
            + "| k=5 | FINISHED | 5 | 22.5 | 88.25 |\n"
            + "| k=1 | FINISHED | 1 | 20 | 89.5 |\n"
            + "| k=50 | FAILED | 50 |  | nan |\n"));
    }

    [Test]
    public void ToCsv_QuotesCellsThatNeedIt_AndKeepsNumbersExact()
    {
        var runs = new List<Run>
        {
            MakeRun("a", "k=1, beta=\"2\"", 1, new() { ["k"] = "1" }, new() { ["nll"] = 0.1 + 0.2 }, parent: null),
            MakeRun("b", "plain", 2, new() { ["k"] = "5" }, new() { ["nll"] = double.PositiveInfinity }, parent: null),
        };
        var csv = ComparisonTableFormat.ToCsv(RunComparison.Build(runs, new ComparisonOptions(SortMetric: "nll")));
        Assert.That(csv, Is.EqualTo(
            "run,status,params.k,metrics.nll\r\n"
            + "\"k=1, beta=\"\"2\"\"\",FINISHED,1,0.30000000000000004\r\n"
            + "plain,FINISHED,5,inf\r\n"));
    }

    [Test]
    public async Task Build_FromRunsReadBackFromTheFileStore()
    {
        var dir = Directory.CreateTempSubdirectory("compare").FullName;
        try
        {
            var store = new FileStore(Path.Combine(dir, "mlruns"));
            var experiment = await store.GetOrCreateExperimentAsync("cmp");
            var parent = await TrackedRun.StartAsync(store, experiment.ExperimentId, "sweep");
            foreach (var beta in new[] { 0.5, 1.0, 2.0 })
            {
                var child = await parent.StartChildAsync($"beta={beta}");
                await child.LogParamsAsync([new("objective.beta", beta), new("seed", 1)]);
                await child.LogMetricAsync("elbo", -90 - beta, step: 0);
                await child.LogMetricAsync("elbo", -85 - beta, step: 1);
                await child.FinishAsync();
            }
            var table = RunComparison.Build(await store.SearchRunsAsync(experiment.ExperimentId), new ComparisonOptions("elbo", Descending: true));
            Assert.That(table.ParamKeys, Is.EqualTo(new[] { "objective.beta" }));
            Assert.That(table.Rows.Select(r => r.Params["objective.beta"]), Is.EqualTo(new[] { "0.5", "1.0", "2.0" }));
            Assert.That(table.Rows.Select(r => r.Metrics["elbo"]), Is.EqualTo(new[] { -85.5, -86.0, -87.0 }), "the final (latest-step) value");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
