namespace Research.Experiments.Slurm;

/// <summary>
/// What each array task asks Slurm for; null leaves the cluster's default. Values are passed to
/// sbatch as written (<c>--time 1:00:00</c>, <c>--mem 8G</c>).
/// </summary>
/// <param name="ArrayParallelism">At most this many tasks at once (the <c>%A</c> of <c>--array=0-(N-1)%A</c>).</param>
/// <param name="Gpus">GPUs per task (<c>--gpus-per-task</c>); Slurm sets CUDA_VISIBLE_DEVICES, so <c>train.device: cuda</c> finds them.</param>
public sealed record SlurmResources(
    string? Partition = null,
    string? Time = null,
    int? CpusPerTask = null,
    string? Memory = null,
    int? Gpus = null,
    int? ArrayParallelism = null);
