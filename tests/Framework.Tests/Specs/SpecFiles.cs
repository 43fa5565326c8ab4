namespace Research.Framework.Tests.Specs;

/// <summary>A temporary folder of YAML fixtures, deleted on dispose.</summary>
public sealed class SpecFiles : IDisposable
{
    public SpecFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"specs-{Guid.NewGuid():N}");

    /// <summary>Writes <paramref name="yaml"/> to <paramref name="relativePath"/> and returns the full path.</summary>
    public string Write(string relativePath, string yaml)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The example from the issue, every section set.</summary>
    public const string FullExample = """
        name: iwae-table1
        description: "IWAE, table 1: k in {1, 5, 50}"
        seed: 1
        data: { dataset: mnist, binarize: dynamic, batch_size: 20, train_subset: 1000, test_subset: 500, cache_dir: .cache }
        model:
          latent: 50
          encoder: { mlp: [200, 200], activation: tanh }
          decoder: { mlp: [200, 200], activation: relu }
          prior: { vampprior: { pseudo_inputs: 300 } }
          posterior: { iaf: { length: 4, hidden: [100] } }
          likelihood: bernoulli
          layers: [{latent: 100, hidden: [200, 200]}, {latent: 50, hidden: [100, 100]}]
        objective: { kind: iwae, k: 5, beta: 1.0, free_bits: 0.0, kl_schedule: { linear: { warmup_steps: 1000 } } }
        train: { epochs: 100, optimizer: { adam: { lr: 1.0e-3, eps: 1.0e-4, beta1: 0.9, beta2: 0.999 } }, lr_schedule: constant, checkpoint_every: 10, early_stopping: { patience: 0 }, clip_norm: 0 }
        eval: { every_epochs: 10, nll_k: 5000, batch_size: 100 }
        tracking: { experiment: iwae-table1 }
        sweep:
          grid: { objective.kind: [elbo, iwae], objective.k: [1, 5, 50] }
          zip: { seed: [1, 2], objective.beta: [0.5, 1.0] }
          random:
            n: 3
            seed: 7
            params:
              train.optimizer.adam.lr: { log_uniform: [1.0e-4, 1.0e-2] }
              objective.kl_schedule: [constant, { cyclical: { cycles: 4, ratio: 0.5 } }]
        """;
}
