namespace Research.Experiments.Verbs;

/// <summary>
/// What `research eval` was asked to do. A null setting takes the trained spec's value:
/// <see cref="K"/> eval.nll_k, <see cref="Device"/> eval.device (else train.device), <see cref="BatchSize"/> eval.batch_size, <see cref="TestSubset"/>
/// data.test_subset (0: the whole test set), <see cref="Seed"/> the spec's seed.
/// </summary>
/// <param name="Run">A run id in the tracking store, or a folder holding spec.yaml and checkpoint/model.bin.</param>
/// <param name="Log">Also log the results as metrics of the run (RUN must be a run id); its status is left as it is.</param>
public sealed record EvalRequest(
    string Run,
    string? TrackingUri = null,
    int? K = null,
    int? BatchSize = null,
    int? TestSubset = null,
    ulong? Seed = null,
    bool Log = false,
    string? Device = null);
