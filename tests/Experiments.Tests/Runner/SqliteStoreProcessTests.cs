using System.Diagnostics;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>
/// Several <c>research run</c> processes, each a 2-point sweep with <c>--parallel 2</c>, logging into
/// one SQLite file at once: every run, param and metric row of every process must be there.
/// </summary>
public class SqliteStoreProcessTests
{
    private const int Processes = 3;
    private const int Epochs = 2;

    [Test]
    public async Task Run_SeveralProcessesIntoOneSqliteFile_LoseNoRows()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "mlflow.db");
        var spec = folder.File("tiny.yaml", TinySpecs.Yaml("shared", epochs: Epochs, extra: "sweep: { grid: { objective.beta: [0.5, 1.0] } }"));

        var processes = Enumerable.Range(0, Processes).Select(i => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "research.dll"), "run", spec, "--tracking-uri", $"sqlite:///{database}",
                "--parallel", "2", "--set", "train.threads=1", "--checkpoint-dir", Path.Combine(folder.Path, $"ck{i}"),
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["CI"] = "true" },
        })!).ToList();
        foreach (var process in processes)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.That(process.ExitCode, Is.EqualTo(0), $"{await stdout}\n{stderr}");
            process.Dispose();
        }

        await using var store = new SqliteStore(database);
        var experiment = (await store.ListExperimentsAsync()).Single(e => e.Name == "shared");
        var runs = await store.SearchRunsAsync(experiment.ExperimentId);
        var parents = runs.Where(r => r.ParentRunId is null).ToList();
        var points = runs.Where(r => r.ParentRunId is not null).ToList();
        Assert.That(parents, Has.Count.EqualTo(Processes));
        Assert.That(points, Has.Count.EqualTo(2 * Processes));
        Assert.That(runs.Select(r => r.Info.Status), Is.All.EqualTo(RunStatus.Finished));
        Assert.That(points.GroupBy(p => p.ParentRunId).Select(g => g.Count()), Is.All.EqualTo(2));
        // Every point logged the same params and a value per epoch of the same metrics.
        var paramCounts = points.Select(p => p.Params.Count).Distinct().ToList();
        Assert.That(paramCounts, Has.Count.EqualTo(1));
        Assert.That(paramCounts[0], Is.GreaterThan(10));
        Assert.That(points[0].LatestMetrics.Keys, Has.Some.StartsWith("train_"));
        foreach (var point in points)
            foreach (var key in point.LatestMetrics.Keys.Where(k => k.StartsWith("train", StringComparison.Ordinal)))
                Assert.That(await store.GetMetricHistoryAsync(point.Info.RunId, key), Has.Count.EqualTo(Epochs), $"{point.Info.RunName} {key}");
    }
}
