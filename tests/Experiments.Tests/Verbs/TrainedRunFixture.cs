using Research.Experiments.Runner;
using Research.Experiments.Verbs;
using Research.Framework.Autodiff;
using Research.Framework.Nn;
using Research.Framework.Objectives;
using Research.Framework.Optim;
using Research.Framework.Randomness;
using Research.Framework.Specs;
using Research.Framework.Tensors;
using Research.Framework.Tracking;
using Research.Framework.Vae;

namespace Research.Experiments.Tests.Verbs;

/// <summary>
/// A real, small trained run for the verb tests: a spec on the synthetic data set (MLP of 32, latent 2),
/// trained a few Adam steps on the ELBO (once per test run), and a temporary MLflow file store with an
/// experiment of a sweep (a parent run and three points over objective.beta) plus a single run. The
/// point with beta 1 holds the trained model's spec.yaml and checkpoint/model.bin. Dispose deletes it all.
/// </summary>
public sealed class TrainedRunFixture : IAsyncDisposable
{
    public const string ExperimentName = "verbs-test";
    public const string OtherExperimentName = "other-experiment";

    public const string SpecYaml = """
        name: verbs-test
        seed: 3
        data: { dataset: synthetic, binarize: static, batch_size: 20, train_subset: 100, test_subset: 20 }
        model:
          latent: 2
          encoder: { mlp: [32], activation: tanh }
          decoder: { mlp: [32], activation: tanh }
        objective: { kind: elbo }
        train: { epochs: 1 }
        eval: { nll_k: 50, batch_size: 10 }
        """;

    /// <summary>Final test_loglik of the runs by name (the sweep's three points and the single run).</summary>
    public static readonly IReadOnlyDictionary<string, double> LogLikelihoods = new Dictionary<string, double>
    {
        ["point-beta-0.5"] = -101.5, ["point-beta-1"] = -95.25, ["point-beta-2"] = -98.0, ["single-beta-4"] = -110.0,
    };

    private static readonly Lazy<(ExperimentSpec Spec, VaeModel Model, double LossBefore, double LossAfter)> Trained = new(Train);

    private TrainedRunFixture(string root, FileStore store, string trainedRunId, string parentRunId)
    {
        Root = root;
        Store = store;
        TrainedRunId = trainedRunId;
        ParentRunId = parentRunId;
    }

    /// <summary>The temporary folder holding everything (the store is its mlruns/).</summary>
    public string Root { get; }

    public FileStore Store { get; }

    public string TrackingUri => Store.RootDirectory;

    /// <summary>The run (point beta 1) whose artifacts hold the trained model.</summary>
    public string TrainedRunId { get; }

    public string ParentRunId { get; }

    public string TrainedFolder => Store.ArtifactDirectory(TrainedRunId);

    public static ExperimentSpec Spec => Trained.Value.Spec;

    public static VaeModel Model => Trained.Value.Model;

    /// <summary>The mean training loss of the first and last 5 steps: the model is trained, not random.</summary>
    public static (double Before, double After) Losses => (Trained.Value.LossBefore, Trained.Value.LossAfter);

    public static async Task<TrainedRunFixture> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("research-verbs-").FullName;
        var store = new FileStore(Path.Combine(root, "mlruns"));
        await store.GetOrCreateExperimentAsync(OtherExperimentName);
        var experiment = await store.GetOrCreateExperimentAsync(ExperimentName);
        var clock = new StepClock();

        var parent = await TrackedRun.StartAsync(store, experiment.ExperimentId, "sweep", clock: clock);
        string? trainedId = null;
        foreach (var beta in new[] { 0.5, 1.0, 2.0 })
        {
            var point = await parent.StartChildAsync(FormattableString.Invariant($"point-beta-{beta}"));
            await LogPointAsync(point, beta);
            if (beta == 1.0)
            {
                trainedId = point.RunId;
                await point.LogTextArtifactAsync(TrainedRun.SpecFile, SpecWriter.ToYaml(Spec));
                Model.Save(Path.Combine(store.ArtifactDirectory(point.RunId), "checkpoint", "model.bin"));
            }
            await point.FinishAsync();
        }
        await parent.FinishAsync();
        var single = await TrackedRun.StartAsync(store, experiment.ExperimentId, "single-beta-4", clock: clock);
        await LogPointAsync(single, 4.0);
        await single.FinishAsync();
        return new TrainedRunFixture(root, store, trainedId!, parent.RunId);
    }

    private static async Task LogPointAsync(TrackedRun run, double beta)
    {
        await run.LogParamsAsync([new("objective.beta", beta), new("model.latent", 2)]);
        await run.LogMetricsAsync([new("test_loglik", -120.0), new("train_loss", 130.0)], step: 1);
        await run.LogMetricsAsync([new("test_loglik", LogLikelihoods[run.Info.RunName]), new("train_loss", 100.0 + beta)], step: 2);
    }

    /// <summary>A folder outside the store with copies of the trained run's files (to break one of them).</summary>
    public string CopyTrainedFolder(string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(TrainedFolder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(TrainedFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static (ExperimentSpec, VaeModel, double, double) Train()
    {
        var spec = SpecLoader.Parse(SpecYaml);
        var (train, _) = DataSource.Load(spec.Data, _ => { });
        var model = ModelFactory.Create(spec.Model, train.Features, new Rng((ulong)spec.Seed));
        var adam = new Adam(model.Parameters(), lr: 1e-2f);
        var batches = DataSource.Batches(train, spec.Data.BatchSize);
        var rng = new Rng(7);
        var losses = new List<double>();
        for (var step = 0; step < 60; step++)
        {
            using var scope = TensorScope.Begin();
            adam.ZeroGrad();
            var loss = ElboObjective.Compute(model, batches[step % batches.Count], rng).Loss;
            loss.Backward();
            adam.Step();
            losses.Add(loss.Item());
        }
        return (spec, model, losses.Take(5).Average(), losses.TakeLast(5).Average());
    }

    /// <summary>A clock that moves one second per reading, so runs have distinct, ordered start times.</summary>
    private sealed class StepClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now = _now.AddSeconds(1);
    }
}
