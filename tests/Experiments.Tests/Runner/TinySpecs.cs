namespace Research.Experiments.Tests.Runner;

/// <summary>Small specs on the generated `synthetic` data set: a few seconds of training each.</summary>
public static class TinySpecs
{
    /// <summary>A spec named <paramref name="name"/> with <paramref name="extra"/> YAML appended (later keys must not repeat these).</summary>
    public static string Yaml(string name, int epochs = 3, string objective = "{ kind: iwae, k: 2 }", string extra = "") => $$"""
        name: {{name}}
        seed: 3
        data: { dataset: synthetic, binarize: dynamic, batch_size: 50, train_subset: 300, test_subset: 60 }
        model:
          latent: 3
          encoder: { mlp: [32], activation: tanh }
          decoder: { mlp: [32], activation: tanh }
        objective: {{objective}}
        eval: { every_epochs: 1, nll_k: 20 }
        train: { epochs: {{epochs}}, checkpoint_every: 1 }
        {{extra}}
        """;
}
