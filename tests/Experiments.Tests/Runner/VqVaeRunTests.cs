using Microsoft.Extensions.Logging.Abstractions;
using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Specs;
using Research.Framework.Sweeps;
using Research.Framework.Tracking;

namespace Research.Experiments.Tests.Runner;

/// <summary>A tiny VQ-VAE sweep (codebook loss and EMA) end to end on generated data into a temporary MLflow file store.</summary>
public class VqVaeRunTests
{
    private const int CodebookSize = 8, Codes = 2;

    private static string Yaml => TinySpecs.Yaml("vq", epochs: 2, objective: "{ kind: vqvae }", extra: "sweep: { grid: { model.posterior.vq.ema: [false, true] } }")
        .Replace("latent: 3", "latent: 8")
        .Replace("decoder: { mlp: [32], activation: tanh }",
            $"decoder: {{ mlp: [32], activation: tanh }}\n  prior: uniform_codes\n  posterior: {{ vq: {{ codebook_size: {CodebookSize}, code_dim: 4 }} }}")
        .Replace("nll_k: 20", "nll_k: 1");

    [Test]
    public async Task Run_VqSweep_LogsCodeUsageAndTheUniformCodeBound()
    {
        using var folder = new TempFolder();
        var specPath = folder.File("vq.yaml", Yaml);
        var options = new RunnerOptions(specPath, Path.Combine(folder.Path, "mlruns"), 1, false, Path.Combine(folder.Path, "checkpoints"));
        var runner = new SweepRunner(NullLogger<SweepRunner>.Instance, options, new PointRunner(NullLogger<PointRunner>.Instance, options, new RecordingProgress()));
        var spec = SpecLoader.Load(specPath, []);
        var outcome = await runner.RunAsync(spec, SweepExpander.ExpandAll(spec), CancellationToken.None);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Ok), string.Join("; ", outcome.Points.Select(p => p.FailureReason)));
        var store = new FileStore(Path.Combine(folder.Path, "mlruns"));
        var runs = (await store.SearchRunsAsync(outcome.ExperimentId)).Where(r => r.ParentRunId is not null).ToList();
        Assert.That(runs, Has.Count.EqualTo(2));
        foreach (var run in runs)
        {
            var name = run.Info.RunName;
            Assert.That(run.Info.Status, Is.EqualTo(RunStatus.Finished), name);
            var perplexity = await store.GetMetricHistoryAsync(run.Info.RunId, "train_code_perplexity");
            Assert.That(perplexity.Select(m => m.Step), Is.EqualTo(new long[] { 1, 2 }), $"{name}: one perplexity per epoch");
            Assert.That(perplexity.Select(m => m.Value), Has.All.InRange(1.0, CodebookSize), name);
            Assert.That(run.LatestMetrics["train_codes_used"].Value, Is.InRange(1.0 / CodebookSize, 1.0), name);
            Assert.That(run.LatestMetrics["test_kl"].Value, Is.EqualTo(Codes * Math.Log(CodebookSize)).Within(1e-5), $"{name}: KL = G log K");
            Assert.That(run.LatestMetrics["test_loglik"].Value, Is.EqualTo(run.LatestMetrics["test_elbo"].Value).Within(1e-4), $"{name}: a point-mass posterior");
            Assert.That(run.LatestMetrics["test_elbo"].Value, Is.EqualTo(run.LatestMetrics["test_reconstruction"].Value - Codes * Math.Log(CodebookSize)).Within(1e-3), name);
            var figures = Path.Combine(TrackingStores.LocalPath(run.Info.ArtifactUri), "figures");
            Assert.That(File.Exists(Path.Combine(figures, "reconstructions.png")), name);
            Assert.That(File.Exists(Path.Combine(figures, "prior_samples.png")), name);
            Assert.That(File.Exists(Path.Combine(figures, "latent_traversals.png")), Is.False, $"{name}: no traversal of discrete codes");
        }
    }
}
